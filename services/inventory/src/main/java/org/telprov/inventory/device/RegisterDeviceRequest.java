package org.telprov.inventory.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a partner sends to register a device for its tenant. The tenant comes from the token, never from here. */
public record RegisterDeviceRequest(
        @NotBlank
        @Schema(description = "90:1b:0e:56:c7:bc, 90-1B-0E-56-C7-BC or 901b0e56c7bc", examples = "90:1b:0e:56:c7:bc")
        String mac,

        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,49}", message = "lower-case letters, digits and '-'")
        @Schema(description = "Vendor family", examples = "gigaset-maxwell")
        String vendor,

        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,49}", message = "letters, digits, '.', '_' and '-'")
        @Schema(description = "Product id or hardware type", examples = "mx3b")
        String model,

        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "letters, digits, '.', '_' and '-'")
        String serial,

        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "letters, digits, '.', '_' and '-'")
        @Schema(description = "Provisioning profile the device should get")
        String profile) {
}
