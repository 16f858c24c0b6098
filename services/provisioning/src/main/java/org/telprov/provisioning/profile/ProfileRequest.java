package org.telprov.provisioning.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.support.problem.Inputs;

import java.util.List;
import java.util.Map;

/**
 * A profile as a partner creates (POST, with {@code name}) or replaces it (PUT on its URL, {@code name} optional and
 * then equal to the path's). A secret parameter or setting sent without a value keeps the value stored under its
 * name, so what GET answers can be sent back as it is.
 */
public record ProfileRequest(
        @Inputs.Name
        @Schema(examples = "office-default")
        String name,

        @Pattern(regexp = Dialect.PATTERN, message = "maxwell-1.0, maxwell-1.1, auerswald or plug-n-dial")
        @Schema(description = "The files the profile's devices get (docs/device-files.md); maxwell-1.0 when omitted",
                enumeration = {"maxwell-1.0", "maxwell-1.1", "auerswald", "plug-n-dial"})
        String dialect,

        @Size(max = 5000)
        List<@Valid @NotNull ParameterRequest> parameters,

        @Size(max = 20)
        List<@Valid @NotNull CertificateRequest> certificates,

        @Valid
        FirmwareRequest firmware,

        @Size(max = 10000)
        @Schema(description = "Per-device parameters by MAC (any accepted MAC form); they replace the profile's "
                + "parameters of the same name for that device")
        Map<String, @Size(max = 500) List<@Valid @NotNull ParameterRequest>> overrides,

        @Size(max = 20)
        @Schema(description = "auerswald only: extra URLs the reference file lists after the settings patch, in order; "
                + "relative (file.xml), absolute-path (/x.xml) or absolute http(s) URLs, markers <MACADR>, {mac}, "
                + "<SERIAL>, {serial}, <HWTYP>, {type} left for the phone to replace")
        List<@NotNull @Size(max = 2000) String> references,

        @Size(max = ProfileContent.Operation.MAX_OPERATIONS)
        @Schema(description = "auerswald only: the operations file (Auerswald firmware 1.6 and later) the reference "
                + "file lists right after the settings patch: delete, replace and add, applied in order by the phone "
                + "to its current settings; each names an element sub-tree by XPath (docs/device-files.md). Not "
                + "secret: stored and shown as given")
        List<@Valid @NotNull OperationRequest> operations,

        @Size(max = Setting.MAX_PER_LAYER)
        @Schema(description = "The profile's layer of device settings (docs/device-settings.md): what "
                + "{{setting.<name>}} in a parameter value gives a device whose own settings and label groups lack the "
                + "name, before the tenant's defaults")
        List<@Valid @NotNull SettingRequest> settings) {

    /**
     * A settings parameter in the dialect's naming, e.g. {@code SIP.Account.0.AuthName} for Maxwell; the dialect may
     * narrow names and values further ({@link DialectRules}).
     */
    public record ParameterRequest(
            @NotBlank @Pattern(regexp = Patterns.PARAMETER, message = "letters, digits, '_', '.', '[', ']' and '-', up to 200")
            String name,

            @Schema(description = "Any text without control characters; omitted for a secret to keep the stored one")
            String value,

            @Schema(description = "Stored encrypted and never returned once set")
            Boolean secret) {

        boolean isSecret() {
            return Boolean.TRUE.equals(secret);
        }
    }

    /** A setting of the profile's layer; values are plain text (a setting's value is never itself a template). */
    public record SettingRequest(
            @NotBlank @Pattern(regexp = Setting.NAME, message = Setting.NAME_RULE)
            String name,

            @Size(max = Setting.MAX_VALUE_LENGTH)
            @Pattern(regexp = Inputs.SINGLE_LINE, message = Inputs.SINGLE_LINE_RULE)
            @Schema(description = "One line of text; omitted for a secret to keep the stored one")
            String value,

            @Schema(description = "Stored encrypted and never returned once set")
            Boolean secret) {

        boolean isSecret() {
            return Boolean.TRUE.equals(secret);
        }
    }

    /** One Auerswald operation: {@code delete} a sub-tree, {@code replace} it, or {@code add} elements into it. */
    public record OperationRequest(
            @NotNull @Pattern(regexp = "delete|replace|add", message = "delete, replace or add")
            @Schema(enumeration = {"delete", "replace", "add"})
            String op,

            @NotBlank @Size(max = ProfileContent.Operation.MAX_PATH)
            @Schema(description = "An absolute XPath naming existing elements, e.g. "
                    + "/keys/phoneXtensions/key[@keyNumber='3']; each step an element name or *, with predicates; "
                    + "never an attribute", examples = "/templates/template[@name='Test']")
            String path,

            @Size(max = ProfileContent.Operation.MAX_XML)
            @Schema(description = "replace and add only: the elements to put there, well-formed XML without DOCTYPE, "
                    + "namespaces or processing instructions",
                    examples = "<parameter name=\"@string/identity\" value=\"3\"/>")
            String xml) {
    }

    /** A CA certificate the devices should trust. */
    public record CertificateRequest(
            @NotBlank @Inputs.Name
            String name,

            @NotBlank @Size(max = 65536)
            @Schema(description = "PEM text, or the DER bytes in base64")
            String data) {
    }

    /** Either {@code artifactId}, or {@code vendor}, {@code product} and {@code channel}. */
    public record FirmwareRequest(
            @Inputs.Id
            String artifactId,

            @Inputs.Vendor
            String vendor,

            @Inputs.Model
            String product,

            @Inputs.Channel
            String channel) {
    }

    static final class Patterns {
        static final String PARAMETER = "[A-Za-z0-9_.\\[\\]-]{1,200}";

        private Patterns() {
        }
    }
}
