package org.telprov.provisioning.release;

import org.telprov.provisioning.profile.ProfileContent;

/**
 * What a device gets: its release, the release's content and the firmware artifact the release gives it now
 * ({@code null} for none).
 */
public record ResolvedRelease(DeviceRelease device, ProfileContent content, String firmware) {
}
