package org.telprov.inventory.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * What a partner sends to register (POST, with {@code mac}) or replace (PUT on the device's URL, {@code mac} optional
 * and then equal to the path's) one of its devices. The tenant comes from the token, never from here.
 */
public record DeviceRequest(
        @Schema(description = "90:1b:0e:56:c7:bc, 90-1B-0E-56-C7-BC or 901b0e56c7bc", examples = "90:1b:0e:56:c7:bc")
        String mac,

        @NotBlank @Pattern(regexp = Patterns.VENDOR, message = "lower-case letters, digits and '-'")
        @Schema(description = "Vendor family", examples = "gigaset-maxwell")
        String vendor,

        @NotBlank @Pattern(regexp = Patterns.NAME, message = "letters, digits, '.', '_' and '-'")
        @Schema(description = "Product id or hardware type", examples = "mx3b")
        String model,

        @Pattern(regexp = Patterns.NAME, message = "letters, digits, '.', '_' and '-'")
        String serial,

        @Pattern(regexp = Patterns.NAME, message = "letters, digits, '.', '_' and '-'")
        @Schema(description = "Provisioning profile the device should get")
        String profile,

        @Size(max = 20)
        @Schema(description = "Up to 20 labels, e.g. for staged rollouts", examples = "[\"floor-2\", \"pilot\"]")
        List<@Pattern(regexp = Patterns.LABEL, message = "1 to 50 letters, digits, '.', '_', ':' or '-'") String> labels) {

    List<String> labelsOrEmpty() {
        return labels == null ? List.of() : labels.stream().distinct().sorted().toList();
    }

    /** The shapes of the free-text fields: nothing that could carry markup, paths or line breaks. */
    static final class Patterns {
        static final String VENDOR = "[a-z0-9][a-z0-9-]{0,49}";
        static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
        static final String LABEL = "[A-Za-z0-9][A-Za-z0-9._:-]{0,49}";

        private Patterns() {
        }
    }
}
