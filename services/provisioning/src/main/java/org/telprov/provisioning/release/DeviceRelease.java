package org.telprov.provisioning.release;

import java.util.UUID;

/**
 * The release a device gets, as the device-facing files need it; the release's content is read only when a file is
 * not in the render cache.
 *
 * @param mac    12 lower-case hex digits
 * @param vendor the device's vendor family as inventory has it ({@code <OEM>} in Plug-n-Dial firmware paths)
 * @param model  the device's product id ({@code productID} in Maxwell files)
 */
public record DeviceRelease(String mac, String tenantId, String vendor, String model, UUID releaseId, String uvc) {
}
