package org.telprov.provisioning.render;

import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;

import java.util.Optional;

/**
 * One file of a dialect at one URL, as the device path serves it: rendered from the device's release, or (with a
 * {@link Target}) a {@code 302} to something served elsewhere, never cached, as the target expires.
 *
 * @param file     the name check-ins and the device-file guard know it by, e.g. {@code nvm/settings.xml}
 *                 (docs/device-files.md lists them)
 * @param variant  the cache key's file part: {@code file}, plus whatever else in the URL or the clock changes the bytes
 * @param uvc      the release the URL names, or {@code null} for the device's current one
 * @param renderer how the file is rendered; {@code null} for a redirect
 * @param target   where the device is sent; {@code null} for a rendered file
 */
public record DeviceFile(Dialect dialect, String file, String variant, String uvc, Renderer renderer, Target target) {

    /** Renders a device file from the device's release (the one the URL names, or its current one). */
    @FunctionalInterface
    public interface Renderer {
        Optional<RenderedFile> render(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    /** Computes where a device is sent for a file it fetches elsewhere, or empty when it gets none. */
    @FunctionalInterface
    public interface Target {
        Optional<String> location(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    /** A file whose bytes depend on the release and the device only. */
    public static DeviceFile of(Dialect dialect, String file, Renderer renderer) {
        return new DeviceFile(dialect, file, file, null, renderer, null);
    }

    /** A file whose bytes also depend on something else the variant names. */
    public static DeviceFile of(Dialect dialect, String file, String variant, Renderer renderer) {
        return new DeviceFile(dialect, file, variant, null, renderer, null);
    }

    /** A redirect the guard and check-ins know by {@code file}. */
    public static DeviceFile redirect(Dialect dialect, String file, Target target) {
        return new DeviceFile(dialect, file, file, null, null, target);
    }

    /** The same file of the release with the UVC, as a URL under the UVC names it. */
    public DeviceFile underUvc(String releaseUvc) {
        return new DeviceFile(dialect, file, variant, releaseUvc, renderer, target);
    }
}
