package org.telprov.provisioning.render;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.profile.Template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter values a device file carries, secrets opened (only rendering opens them) and templates evaluated for
 * the device ({@link ParameterValues}).
 */
@ApplicationScoped
public class DeviceParameters {

    private final SecretBox secrets;

    public DeviceParameters(SecretBox secrets) {
        this.secrets = secrets;
    }

    /**
     * The release's parameters, the device's overrides replacing (in place) or adding to them; name → value.
     *
     * @throws UnresolvedValue when a templated value does not resolve for the device
     */
    public Map<String, String> merged(ProfileContent content, DeviceRelease device) {
        Map<String, String> values = values(content.parameters(), device);
        values.putAll(values(content.overridesOf(device.mac()), device));
        return values;
    }

    /**
     * The parameters in order, for the device; name → value.
     *
     * @throws UnresolvedValue when a templated value does not resolve for the device
     */
    public Map<String, String> values(List<ProfileContent.Parameter> parameters, DeviceRelease device) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ProfileContent.Parameter parameter : parameters) {
            String value = parameter.secret() ? secrets.open(parameter.value()) : parameter.value();
            if (Template.isTemplate(value)) {
                Template template = Template.lenient(value).orElse(null);
                if (template != null) {
                    value = device.values().value(device, parameter.name(), template);
                    if (value == null) {
                        throw new UnresolvedValue(parameter.name());
                    }
                }
            }
            values.put(parameter.name(), value);
        }
        return values;
    }

    /** Whether the parameter's value, secret or not, is a template (its file then differs per device). */
    public boolean templated(ProfileContent.Parameter parameter) {
        return Template.isTemplate(parameter.secret() ? secrets.open(parameter.value()) : parameter.value());
    }
}
