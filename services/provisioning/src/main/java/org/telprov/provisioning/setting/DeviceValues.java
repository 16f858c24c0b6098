package org.telprov.provisioning.setting;

import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.ParameterValues;

/**
 * What a release's templates yield for one device: {@code setting.} references from the device's layers (a secret
 * opened only here, while a file is composed), facts from the device and its tenant.
 */
public final class DeviceValues implements ParameterValues {

    private final EffectiveSettings effective;
    private final EffectiveSettings.DeviceSettings settings;
    private final String serial;

    public DeviceValues(EffectiveSettings effective, EffectiveSettings.DeviceSettings settings, String serial) {
        this.effective = effective;
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
            return found == null ? null : effective.open(found.setting());
        });
    }
}
