package org.telprov.firmware.download;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which device (of which tenant) a download link is for, and for how long. */
public record LinkRequest(
        @NotBlank
        @Schema(description = "The device's MAC; the link works for this MAC only", examples = "90:1b:0e:56:c7:bc")
        String mac,

        @Positive
        @Schema(description = "Seconds the link stays valid; the service's default when absent, capped by its maximum")
        Long validForSeconds,

        @Schema(description = "The device's tenant, for the operator only (a partner's links are for its own tenant): "
                + "the link downloads only that tenant's or platform-wide firmware, and the download's check-in "
                + "reaches that tenant's device. Default: the artifact's tenant (platform-wide for vendor firmware)",
                examples = "acme")
        String tenantId) {
}
