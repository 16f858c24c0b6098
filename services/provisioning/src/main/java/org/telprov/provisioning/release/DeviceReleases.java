package org.telprov.provisioning.release;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.file.DeviceFileService;
import org.telprov.provisioning.file.DeviceReleaseCache;
import org.telprov.provisioning.profile.ProfileContent;

import java.util.Optional;
import java.util.UUID;

/**
 * Which release a device gets: the one place the device path asks.
 */
@ApplicationScoped
public class DeviceReleases {

    private final DeviceFileService devices;
    private final DeviceReleaseCache cache;

    public DeviceReleases(DeviceFileService devices, DeviceReleaseCache cache) {
        this.devices = devices;
        this.cache = cache;
    }

    /**
     * The device's release with its content and firmware: the one with {@code uvc} while it is served to the device,
     * or its current one when {@code uvc} is null; empty for an unknown or released device, a device without a
     * profile, and a profile without (that, or that served) release.
     *
     * @param mac 12 lower-case hex digits
     * @param uvc a UVC valid by its format, or {@code null}
     */
    public Optional<ResolvedRelease> resolve(String mac, String uvc) {
        return cache.get(mac, uvc, () -> devices.release(mac, uvc).map(device -> {
            ProfileContent content = devices.content(device.releaseId());
            return new ResolvedRelease(device, content, devices.firmwareArtifact(device, content).orElse(null));
        }));
    }

    /** The frozen content of a release that may have been deleted since its id was read. */
    public Optional<ProfileContent> content(UUID releaseId) {
        return devices.contentIfAny(releaseId);
    }
}
