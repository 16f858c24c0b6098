package org.telprov.provisioning.rollout;

/** Where one group stands. */
public enum GroupStatus {
    /** Not started. */
    SCHEDULED,
    /** Started; its success condition not (yet) reached. */
    RUNNING,
    /** Reached its success condition; waits for a person to trigger the next group. */
    WAITING,
    /** Reached its success condition and the next group was started (or, the last group, the rollout finished). */
    SUCCEEDED,
    /** The next group was started by a person before this group's success condition held. */
    PASSED
}
