package org.telprov.provisioning.file;

import org.telprov.provisioning.profile.Dialect;

/**
 * One file of a dialect, as {@link DeviceFiles#serve} needs it.
 *
 * @param file     the name check-ins and the device-file guard know it by, e.g. {@code nvm/settings.xml}
 *                 (docs/device-files.md lists them)
 * @param variant  the cache key's file part: {@code file}, plus whatever else in the URL or the clock changes the bytes
 */
public record DeviceFile(Dialect dialect, String file, String variant, DeviceFiles.Renderer renderer) {

    /** A file whose bytes depend on the release and the device only. */
    public static DeviceFile of(Dialect dialect, String file, DeviceFiles.Renderer renderer) {
        return new DeviceFile(dialect, file, file, renderer);
    }
}
