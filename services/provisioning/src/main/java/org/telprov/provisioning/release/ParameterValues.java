package org.telprov.provisioning.release;

import org.telprov.provisioning.profile.Template;

/**
 * What a parameter whose value is a {@link Template} becomes in one device's files: evaluated for the device (its
 * settings through their layers, its facts), or, when a file is rendered once to be shared, a placeholder the device's
 * value is composed into later.
 */
@FunctionalInterface
public interface ParameterValues {

    /**
     * The value of the parameter {@code name}, stored as {@code template}, for the device; {@code null} when a reference
     * has neither a value nor a default.
     */
    String value(DeviceRelease device, String name, Template template);

    /** The device's facts alone: every setting takes the template's default. */
    ParameterValues FACTS = (device, name, template) -> template.render(reference -> fact(device, null, reference));

    /** A fact of the device or its tenant the reference names; {@code null} for a setting or a fact it lacks. */
    static String fact(DeviceRelease device, String serial, Template.Reference reference) {
        return switch (reference.source()) {
            case DEVICE -> switch (reference.name()) {
                case "mac" -> device.mac();
                case "serial" -> serial;
                case "model" -> device.model();
                case "vendor" -> device.vendor();
                default -> null;
            };
            case TENANT -> device.tenantId();
            case SETTING -> null;
        };
    }
}
