package org.telprov.provisioning.file;

import java.util.UUID;

/**
 * The release a device gets, as the device-facing files need it; the release's content is read only when a file is
 * not in the {@link RenderCache}.
 *
 * @param mac   12 lower-case hex digits
 * @param model the device's product id ({@code productID} in Maxwell files)
 */
public record DeviceRelease(String mac, String tenantId, String model, UUID releaseId, String uvc) {
}
