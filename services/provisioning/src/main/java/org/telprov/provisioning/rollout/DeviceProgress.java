package org.telprov.provisioning.rollout;

import java.time.Instant;

/**
 * One device's progress.
 *
 * @param group     the group's index, {@code -1} for a device excluded before any group took it
 * @param reason    why it failed, timed out or is excluded; else {@code null}
 * @param offeredAt when it was offered the change, or {@code null}
 */
public record DeviceProgress(String mac, int group, DeviceState state, Reason reason, Instant offeredAt) {
}
