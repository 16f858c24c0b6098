package org.telprov.provisioning.release;

import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.setting.EffectiveSettings;
import org.telprov.provisioning.profile.Setting;
import org.telprov.provisioning.profile.Template;


/**
 * What a release's templates yield for one device: {@code setting.} references from the device's layers (a secret
 * opened only here, while a file is composed), facts from the device and its tenant.
 */
public final class DeviceValues implements ParameterValues {

    private final SecretBox secrets;
    private final EffectiveSettings.DeviceSettings settings;
    private final String serial;

    public DeviceValues(SecretBox secrets, EffectiveSettings.DeviceSettings settings, String serial) {
        this.secrets = secrets;
        this.settings = settings;
        this.serial = serial;
    }

    @Override
    public String value(DeviceRelease device, String name, Template template) {
        return template.render(reference -> {
            if (reference.source() != Template.Source.SETTING) {
                return ParameterValues.fact(device, serial, reference);
            }
            EffectiveSettings.Value found = settings.find(reference.name());
            if (found == null) {
                return null;
            }
            Setting setting = found.setting();
            return setting.secret() ? secrets.open(setting.value()) : setting.value();
        });
    }
}
