package org.telprov.provisioning.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.PublishWarnings;
import org.telprov.provisioning.release.ReleaseView;

import java.util.List;

/**
 * Under device authentication, a release without both HTTP Digest credentials opens no protected file for a device
 * without its own override of them (401, outcome no_credentials): publishing goes ahead (overrides, or turning device
 * authentication off, may be the partner's plan) but says so.
 */
@ApplicationScoped
public class CredentialWarnings implements PublishWarnings {

    private final DeviceAuthService deviceAuth;

    public CredentialWarnings(DeviceAuthService deviceAuth) {
        this.deviceAuth = deviceAuth;
    }

    @Override
    public List<ReleaseView.Warning> of(String tenantId, ProfileContent content) {
        if (!DeviceAuthSettings.DIGEST.equals(deviceAuth.stored(tenantId).mode())
                || (present(content.parameters(), DeviceFileGuard.USERNAME)
                && present(content.parameters(), DeviceFileGuard.PASSWORD))) {
            return List.of();
        }
        long covered = content.overrides().values().stream().filter(overrides ->
                present(overrides, DeviceFileGuard.USERNAME) && present(overrides, DeviceFileGuard.PASSWORD)).count();
        return List.of(new ReleaseView.Warning("no_credentials", "Device authentication is digest, but the release "
                + "sets no " + DeviceFileGuard.USERNAME + " and " + DeviceFileGuard.PASSWORD + ": its devices get "
                + "every protected file refused (401)" + (covered == 0 ? "" : ", but the " + covered
                + " with both as overrides") + ". Add both as parameters (the password secret), or turn device "
                + "authentication off (PUT /api/v1/device-auth)."));
    }

    private static boolean present(List<ProfileContent.Parameter> parameters, String name) {
        return parameters.stream().anyMatch(p -> p.name().equals(name) && p.value() != null && !p.value().isEmpty());
    }
}
