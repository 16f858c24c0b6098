package org.telprov.firmware.artifact;

import org.telprov.partner.Caller;

import java.time.Instant;

/**
 * An artifact as the partner API shows it.
 *
 * @param tenantId     the owning tenant, or {@code null} for platform-wide vendor firmware
 * @param platformWide true for vendor firmware the operator published for every tenant (read-only for partners)
 */
public record ArtifactView(String id, String tenantId, boolean platformWide, String vendor, String product,
                           String version, String oemName, String releaseNotes, long size, String sha256, String md5,
                           Instant createdAt) {

    public static ArtifactView of(Artifact artifact) {
        return new ArtifactView(artifact.id.toString(), Caller.tenantOf(artifact.scope),
                Caller.PLATFORM.equals(artifact.scope), artifact.vendor, artifact.product, artifact.version,
                artifact.oemName, artifact.releaseNotes, artifact.size, artifact.sha256, artifact.md5,
                artifact.createdAt);
    }
}
