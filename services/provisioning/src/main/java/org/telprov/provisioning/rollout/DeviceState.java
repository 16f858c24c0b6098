package org.telprov.provisioning.rollout;

/** Where one device of a rollout stands. */
public enum DeviceState {
    /** In a group that has not reached it yet (not started, paused, or outside the maintenance window). */
    SCHEDULED,
    /** Given the change; its confirmation window runs. */
    OFFERED,
    /** Fetched part of the change (a first file, the firmware image) but has not confirmed it yet. */
    FETCHED,
    CONFIRMED,
    /** Showed that the change did not take (see the reason). */
    FAILED,
    /** Did not check in within the confirmation window after the offer. */
    TIMED_OUT,
    /** Not part of the counts: pinned, left the target, in no group, or overtaken (see the reason). */
    EXCLUDED;

    /** Whether the device was offered the change and counts in its group's percentages. */
    boolean offered() {
        return this != SCHEDULED && this != EXCLUDED;
    }

    /** Whether the device's outcome is known; nothing changes it afterwards but leaving or an emergency stop. */
    boolean settled() {
        return this == CONFIRMED || this == FAILED || this == TIMED_OUT || this == EXCLUDED;
    }

    /** Whether the device counts against the error condition. */
    boolean failure() {
        return this == FAILED || this == TIMED_OUT;
    }
}
