package org.telprov.provisioning.setting;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.provisioning.profile.Setting;

import java.util.Map;

/**
 * A layer of settings as a partner sends it: PUT replaces the layer with {@code settings}; PATCH merges them into it
 * (a name with {@code null} removes the setting). Names and values are checked by {@link SettingsService}, so that an
 * error names the field as {@code settings.<name>.value}.
 */
public record SettingsRequest(
        @Schema(description = "Setting name → setting; in a PATCH, a name with null removes the setting",
                examples = "{\"sip_user\": {\"value\": \"1001\"}, "
                        + "\"sip_password\": {\"value\": \"s3cret\", \"secret\": true}}")
        Map<String, Value> settings) {

    /** One setting's value; a secret sent without a value keeps the stored one (what GET answers can be sent back). */
    public record Value(
            @Schema(description = "One line of text, at most 1000 characters; omitted for a secret to keep the "
                    + "stored one")
            String value,

            @Schema(description = "Stored encrypted and never returned once set")
            Boolean secret) {

        boolean isSecret() {
            return Boolean.TRUE.equals(secret);
        }
    }
}
