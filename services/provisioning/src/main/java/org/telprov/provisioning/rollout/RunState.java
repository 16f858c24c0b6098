package org.telprov.provisioning.rollout;

import org.telprov.provisioning.profile.Dialect;

import java.time.Instant;
import java.util.List;

/**
 * A rollout's state beside its definition, as {@link RolloutStore} keeps it in its tables: what
 * {@link RolloutRun#restore} needs to go on exactly where the run stopped.
 *
 * @param latest the latest time passed in, {@code null} before the first
 * @param devices every device of the rollout, by MAC
 */
public record RunState(RolloutStatus status, int currentGroup, String approvedBy, List<PauseReason> pauseReasons,
                       Instant latest, List<GroupState> groups, List<DeviceRecord> devices) {

    public RunState {
        pauseReasons = List.copyOf(pauseReasons);
        groups = List.copyOf(groups);
        devices = List.copyOf(devices);
    }

    /** One group's own state; its counts follow from its devices. */
    public record GroupState(int index, GroupStatus status, boolean errorSeen) {
    }

    /**
     * One device as the run knows it.
     *
     * @param group {@code -1}: excluded before any group took it
     */
    public record DeviceRecord(String mac, Dialect dialect, String previousVersion, int group, DeviceState state,
                               Reason reason, Instant offeredAt, Instant downloadedAt, int refusals) {
    }
}
