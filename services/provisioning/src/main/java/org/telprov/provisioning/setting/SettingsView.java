package org.telprov.provisioning.setting;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.provisioning.profile.Setting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A layer of settings as the API answers it: a device's own ({@code mac}), a label group's ({@code label}) or the
 * tenant's defaults (neither). Secrets carry no value.
 *
 * @param changedAt when the layer last changed; absent for a layer that was never written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SettingsView(String mac, String label, Map<String, ValueView> settings,
                           @Schema(description = "When the layer last changed (second resolution); absent when "
                                   + "never set")
                           Instant changedAt) {

    /** A setting's value, or only {@code "secret": true} for a secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValueView(String value, Boolean secret) {
    }

    static SettingsView of(String mac, String label, List<Setting> settings, Instant changedAt) {
        Map<String, ValueView> values = new TreeMap<>();
        for (Setting setting : settings) {
            values.put(setting.name(),
                    setting.secret() ? new ValueView(null, true) : new ValueView(setting.value(), null));
        }
        return new SettingsView(mac, label, values, changedAt);
    }
}
