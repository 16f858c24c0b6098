package org.telprov.firmware.quota;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The operator's quota for one scope. */
public record QuotaRequest(
        @NotNull
        @PositiveOrZero
        @Schema(description = "Bytes of artifacts the scope may keep; 0 refuses every further upload",
                examples = "53687091200")
        Long quotaBytes) {
}
