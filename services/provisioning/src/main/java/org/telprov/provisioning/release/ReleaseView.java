package org.telprov.provisioning.release;

import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A release as the partner API shows it, with the devices it is for; secret parameters carry no value. */
public record ReleaseView(String tenantId, String profile, String uvc, String rolledBackFrom, Audience audience,
                          Dialect dialect, List<ProfileView.ParameterView> parameters,
                          List<ProfileView.CertificateView> certificates,
                          ProfileContent.FirmwareRef firmware, Map<String, List<ProfileView.ParameterView>> overrides,
                          List<String> references, Instant createdAt, String createdBy) {

    static ReleaseView of(Release release, String profile) {
        ProfileContent content = ContentCodec.fromJson(release.content);
        return new ReleaseView(release.tenantId, profile, release.uvc, release.rolledBackFrom, Audience.of(release),
                content.dialect(), ProfileView.parameters(content.parameters()), ProfileView.certificates(content),
                content.firmware(), ProfileView.overrides(content), content.references(), release.createdAt,
                release.createdBy);
    }
}
