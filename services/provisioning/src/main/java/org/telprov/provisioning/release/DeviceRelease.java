package org.telprov.provisioning.release;

import java.util.UUID;

/**
 * The release a device gets, as the device-facing files need it; the release's content is read only when a file is
 * not in the render cache.
 *
 * @param mac    12 lower-case hex digits
 * @param vendor the device's vendor family as inventory has it ({@code <OEM>} in Plug-n-Dial firmware paths)
 * @param model  the device's product id ({@code productID} in Maxwell files)
 * @param uvc     the release's UVC: what its firmware and certificates are announced under
 * @param version the device's own version of its settings, in UVC format: the release's UVC, or when the release
 *                refers to settings the newer of it and the last change of the device's settings
 *                (docs/device-settings.md); what its settings files are announced under
 * @param values  what the release's templated parameters are for this device
 */
public record DeviceRelease(String mac, String tenantId, String vendor, String model, UUID releaseId, String uvc,
                            String version, ParameterValues values) {

    /** A device whose version is its release's UVC, whose templates see its facts but no settings. */
    public DeviceRelease(String mac, String tenantId, String vendor, String model, UUID releaseId, String uvc) {
        this(mac, tenantId, vendor, model, releaseId, uvc, uvc, ParameterValues.FACTS);
    }

    /** The same device and release with its own version and values. */
    public DeviceRelease with(String ownVersion, ParameterValues deviceValues) {
        return new DeviceRelease(mac, tenantId, vendor, model, releaseId, uvc, ownVersion, deviceValues);
    }
}
