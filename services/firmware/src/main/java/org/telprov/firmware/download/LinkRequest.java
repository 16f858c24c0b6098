package org.telprov.firmware.download;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which device a download link is for, and for how long. */
public record LinkRequest(
        @NotBlank
        @Schema(description = "The device's MAC; the link works for this MAC only", examples = "90:1b:0e:56:c7:bc")
        String mac,

        @Positive
        @Schema(description = "Seconds the link stays valid; the service's default when absent, capped by its maximum")
        Long validForSeconds) {
}
