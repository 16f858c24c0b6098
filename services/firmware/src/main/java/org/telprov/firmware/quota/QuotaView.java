package org.telprov.firmware.quota;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A scope's storage quota and what it uses. */
public record QuotaView(
        @Schema(description = "A tenant id, or _platform for the operator's vendor firmware", examples = "acme")
        String scope,
        @Schema(description = "Bytes of artifacts the scope may keep")
        long quotaBytes,
        @Schema(description = "Bytes its artifacts take, each counted in full even when its bytes are stored once")
        long usedBytes,
        @Schema(description = "Whether the operator set this quota (else it is the service's default)")
        boolean custom) {
}
