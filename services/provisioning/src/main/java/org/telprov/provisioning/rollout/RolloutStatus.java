package org.telprov.provisioning.rollout;

/** Where a rollout stands. The last four are final. */
public enum RolloutStatus {
    AWAITING_APPROVAL,
    /** Approved, or needing no approval: waits to be started (by hand or at its start time). */
    READY,
    RUNNING,
    /** Offers nothing; devices already offered still settle. */
    PAUSED,
    FINISHED,
    /** Stopped; devices not yet reached stay on what they had, devices reached keep the change. */
    CANCELLED,
    /** Emergency stop: every device reached was given back its previous version. */
    STOPPED,
    /** A newer publish of the target took its place. */
    OVERTAKEN;

    public boolean ended() {
        return this == FINISHED || this == CANCELLED || this == STOPPED || this == OVERTAKEN;
    }
}
