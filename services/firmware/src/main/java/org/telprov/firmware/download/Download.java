package org.telprov.firmware.download;

import java.time.Instant;
import java.util.UUID;

/**
 * What serving one artifact to one device needs: where its bytes are named, and what a check-in reports.
 *
 * @param tenantId the downloading device's tenant (from its link), or {@code null} for a platform-scope link
 */
public record Download(UUID artifactId, String tenantId, String version, long size, String sha256, Instant createdAt) {

    /** The strong entity tag: the content's SHA-256, so equal bytes have equal tags on every replica. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
