package org.telprov.provisioning.firmware;

/**
 * Fired synchronously in the transaction that applies a {@code firmware.channel.updated} event (not a stale or
 * repeated one): a running firmware rollout of the channel is overtaken when the channel now names another artifact.
 *
 * @param tenantId   the channel's tenant, or {@code null} for a platform-wide channel
 * @param artifactId the artifact the channel names now
 */
public record FirmwareChannelMoved(String tenantId, String vendor, String product, String channel, String artifactId) {
}
