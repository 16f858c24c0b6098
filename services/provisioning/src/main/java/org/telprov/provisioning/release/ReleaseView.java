package org.telprov.provisioning.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A release as the partner API shows it, with the devices it is for; secret parameters and settings carry no value.
 *
 * @param warnings only in the answer to a publish: what the new release will not do for its devices
 */
public record ReleaseView(String tenantId, String profile, String uvc, String rolledBackFrom, Audience audience,
                          Dialect dialect, List<ProfileView.ParameterView> parameters,
                          List<ProfileView.CertificateView> certificates,
                          ProfileContent.FirmwareRef firmware, Map<String, List<ProfileView.ParameterView>> overrides,
                          List<String> references, List<ProfileView.ParameterView> settings,
                          List<ProfileContent.Operation> operations, Instant createdAt,
                          String createdBy,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY)
                          @Schema(description = "Only in the answer to a publish: what the release will not do, "
                                  + "e.g. no_credentials under device authentication")
                          List<Warning> warnings) {

    /** Something the publish did not refuse but the partner should know, with a stable code. */
    public record Warning(String code, String detail) {
    }

    static ReleaseView of(Release release, String profile) {
        return of(release, profile, List.of());
    }

    static ReleaseView of(Release release, String profile, List<Warning> warnings) {
        ProfileContent content = ContentCodec.fromJson(release.content);
        return new ReleaseView(release.tenantId, profile, release.uvc, release.rolledBackFrom, Audience.of(release),
                content.dialect(), ProfileView.parameters(content.parameters()), ProfileView.certificates(content),
                content.firmware(), ProfileView.overrides(content), content.references(),
                ProfileView.settings(content.settings()), content.operations(), release.createdAt,
                release.createdBy, warnings);
    }
}
