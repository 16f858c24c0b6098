package org.telprov.firmware.channel;

import org.telprov.firmware.artifact.Artifact;
import org.telprov.partner.Caller;

import java.time.Instant;

/**
 * A channel as the partner API shows it.
 *
 * @param tenantId     the scope's tenant, or {@code null} for a platform-wide channel
 * @param artifactId   the artifact the channel points at
 * @param version      that artifact's version
 */
public record ChannelView(String name, String tenantId, boolean platformWide, String vendor, String product,
                         String artifactId, String version, Instant updatedAt) {

    static ChannelView of(Channel channel, Artifact artifact) {
        return new ChannelView(channel.name, Caller.tenantOf(channel.scope),
                Caller.PLATFORM.equals(channel.scope), channel.vendor, channel.product,
                artifact.id.toString(), artifact.version, channel.updatedAt);
    }
}
