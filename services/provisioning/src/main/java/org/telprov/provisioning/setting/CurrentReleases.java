package org.telprov.provisioning.setting;

import org.telprov.provisioning.profile.ProfileContent;

import java.util.Optional;

/**
 * The release a device gets now, as the effective view needs it: its content (the profile's layer of settings) and
 * the device's own version on it (docs/device-files.md, "A device's own version"). Owned here and implemented where releases are, so that this package does not depend on that one.
 */
public interface CurrentReleases {

    /** A device's current release. */
    record Current(ProfileContent content, String version) {
    }

    /**
     * @param mac 12 lower-case hex digits
     * @return empty for a device without a release (no profile, or a profile without a release it gets)
     */
    Optional<Current> of(String mac);
}
