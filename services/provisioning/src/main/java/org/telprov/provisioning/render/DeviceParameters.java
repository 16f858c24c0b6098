package org.telprov.provisioning.render;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameter values a device file carries, secrets opened: only rendering opens them. */
@ApplicationScoped
public class DeviceParameters {

    private final SecretBox secrets;

    public DeviceParameters(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** The release's parameters, the device's overrides replacing (in place) or adding to them; name → value. */
    public Map<String, String> merged(ProfileContent content, String mac) {
        Map<String, String> values = values(content.parameters());
        values.putAll(values(content.overridesOf(mac)));
        return values;
    }

    /** The parameters in order; name → value. */
    public Map<String, String> values(List<ProfileContent.Parameter> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ProfileContent.Parameter parameter : parameters) {
            values.put(parameter.name(), parameter.secret() ? secrets.open(parameter.value()) : parameter.value());
        }
        return values;
    }
}
