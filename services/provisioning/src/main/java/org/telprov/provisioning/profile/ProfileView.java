package org.telprov.provisioning.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A profile as the partner API shows it: secret parameters and settings say {@code secret: true} and carry no value.
 *
 * @param latestRelease the UVC of the newest release, or {@code null} before the first publish
 */
public record ProfileView(String tenantId, String name, Dialect dialect, List<ParameterView> parameters,
                          List<CertificateView> certificates, ProfileContent.FirmwareRef firmware,
                          Map<String, List<ParameterView>> overrides, List<String> references,
                          List<ParameterView> settings, List<ProfileContent.Operation> operations, Instant createdAt,
                          Instant updatedAt, String latestRelease) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ParameterView(String name, String value, boolean secret) {

        static ParameterView of(ProfileContent.Parameter parameter) {
            return new ParameterView(parameter.name(), parameter.secret() ? null : parameter.value(), parameter.secret());
        }
    }

    public record CertificateView(String name, String subject, String sha256, Instant notAfter) {

        static CertificateView of(ProfileContent.Certificate certificate) {
            return new CertificateView(certificate.name(), certificate.subject(), certificate.sha256(),
                    certificate.notAfter());
        }
    }

    public static List<ParameterView> parameters(List<ProfileContent.Parameter> parameters) {
        return parameters.stream().map(ParameterView::of).toList();
    }

    /** The profile's layer of settings, secrets without their values. */
    public static List<ParameterView> settings(List<Setting> settings) {
        return settings.stream().map(s -> new ParameterView(s.name(), s.secret() ? null : s.value(), s.secret()))
                .toList();
    }

    public static List<CertificateView> certificates(ProfileContent content) {
        return content.certificates().stream().map(CertificateView::of).toList();
    }

    public static Map<String, List<ParameterView>> overrides(ProfileContent content) {
        Map<String, List<ParameterView>> views = new TreeMap<>();
        content.overrides().forEach((mac, parameters) -> views.put(mac, parameters(parameters)));
        return views;
    }

    static ProfileView of(Profile profile, String latestRelease) {
        ProfileContent content = ContentCodec.fromJson(profile.content);
        return new ProfileView(profile.tenantId, profile.name, content.dialect(), parameters(content.parameters()),
                certificates(content), content.firmware(), overrides(content), content.references(),
                settings(content.settings()), content.operations(), profile.createdAt, profile.updatedAt,
                latestRelease);
    }
}
