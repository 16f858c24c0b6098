package org.telprov.provisioning.setting;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A device's settings through its layers: every name it has a value for, each from the first layer that has it.
 *
 * @param version the device's own version (UVC format); absent for a device without a release
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EffectiveView(String mac, String version, List<Value> settings) {

    /**
     * @param value absent for a secret
     * @param layer {@code device}, {@code label:<label>}, {@code profile} or {@code tenant}
     */
    public record Value(String name,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String value,
                        boolean secret,
                        @Schema(examples = "label:floor-2") String layer) {
    }
}
