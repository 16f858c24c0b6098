package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One device of a rollout: its group ({@code -1}: excluded before any group took it), state and the reason of a
 * failure, timeout or exclusion, the version an emergency stop gives back and when it did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutDeviceView(String mac, int group, String state, String reason, String previousVersion,
                                Instant offeredAt, Instant settledAt, Instant rolledBackAt) {

    static RolloutDeviceView of(RolloutStore.DeviceRow row) {
        return new RolloutDeviceView(row.mac(), row.group(), RolloutStore.lower(row.state()),
                row.reason() == null ? null : RolloutStore.lower(row.reason()), row.previousVersion(),
                row.offeredAt(), row.settledAt(), row.rolledBackAt());
    }
}
