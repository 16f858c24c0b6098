package org.telprov.inventory.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.support.problem.Inputs;

import java.util.List;

/**
 * What a partner sends to register (POST, with {@code mac}) or replace (PUT on the device's URL, {@code mac} optional
 * and then equal to the path's) one of its devices. The tenant comes from the token, never from here.
 */
public record DeviceRequest(
        @Schema(description = "90:1b:0e:56:c7:bc, 90-1B-0E-56-C7-BC or 901b0e56c7bc", examples = "90:1b:0e:56:c7:bc")
        String mac,

        @NotBlank @Inputs.Vendor
        @Schema(description = "Vendor family", examples = "gigaset-maxwell")
        String vendor,

        @NotBlank @Inputs.Model
        @Schema(description = "Product id or hardware type", examples = "mx3b")
        String model,

        @Inputs.Name
        String serial,

        @Inputs.Name
        @Schema(description = "Provisioning profile the device should get")
        String profile,

        @Size(max = 20)
        @Schema(description = "Up to 20 labels, e.g. for staged rollouts", examples = "[\"floor-2\", \"pilot\"]")
        List<@Inputs.Label String> labels) {

    List<String> labelsOrEmpty() {
        return labels == null ? List.of() : labels.stream().distinct().sorted().toList();
    }
}
