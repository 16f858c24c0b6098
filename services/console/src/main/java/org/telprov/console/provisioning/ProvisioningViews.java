package org.telprov.console.provisioning;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provisioning API's profiles, releases, diffs, pins and device authentication as the console reads them: the
 * members the pages show, others ignored. Secret parameters arrive without a value and are shown as such.
 */
public final class ProvisioningViews {

    private ProvisioningViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Profile(String tenantId, String name, String dialect, List<Parameter> parameters,
                          List<Certificate> certificates, Instant createdAt, Instant updatedAt, String latestRelease) {

        /** Whether the profile carries CA certificates, which the API answers without the data a replace needs. */
        public boolean hasCertificates() {
            return certificates != null && !certificates.isEmpty();
        }
    }

    /** The dialects the API's schema names, in its order: the choices of the profile form and of TFTP. */
    public static final List<String> DIALECTS = List.of("maxwell-1.0", "maxwell-1.1", "auerswald", "plug-n-dial");

    /** The Digest algorithms the API's schema names. */
    public static final List<String> ALGORITHMS = List.of("SHA-256", "MD5");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Certificate(String name, String subject, String sha256, Instant notAfter) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parameter(String name, String value, boolean secret) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(String profile, String uvc, String rolledBackFrom, JsonNode audience, Instant createdAt,
                          String createdBy, List<Warning> warnings) {

        /** Who gets the release, in words: every device of the profile unless it was staged. */
        public String audienceText() {
            String type = audience == null ? "all" : audience.path("type").asText("all");
            return switch (type) {
                case "percent" -> audience.path("percent").asText() + "% of the devices";
                case "label" -> "devices labelled " + audience.path("label").asText();
                case "rollout" -> "the devices its rollouts offered it";
                default -> "all devices";
            };
        }

        /** Whether it was published for rollouts: only the devices a rollout offers it get it. */
        public boolean forRollouts() {
            return audience != null && "rollout".equals(audience.path("type").asText());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Warning(String code, String detail) {
    }

    /**
     * What changes from release {@code from} to {@code to}, as the API's diff answers it: secret values are compared
     * there and never sent, so a changed secret arrives without either value.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Diff(String from, String to, DialectChange dialect, List<Parameter> added, List<Parameter> removed,
                       List<Change> changed, Map<String, Changes> overrides, boolean certificatesChanged,
                       boolean firmwareChanged, boolean referencesChanged, Changes settings,
                       boolean operationsChanged, OperationsChange operations) {

        /** The profile's own parameters, one row per added, removed or changed name. */
        public List<DiffRow> parameterRows() {
            return new Changes(added, removed, changed).rows();
        }

        public boolean sameContent() {
            return dialect == null && parameterRows().isEmpty() && (overrides == null || overrides.isEmpty())
                    && !certificatesChanged && !firmwareChanged && !referencesChanged
                    && (settings == null || settings.rows().isEmpty()) && !operationsChanged;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DialectChange(String from, String to) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OperationsChange(List<Operation> from, List<Operation> to) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Operation(String op, String path, String xml) {
    }

    /** A parameter in both releases with different values; a secret one carries neither. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String name, String from, String to, boolean secret) {
    }

    /** Added, removed and changed parameters of one device's overrides, or of the profile's settings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Changes(List<Parameter> added, List<Parameter> removed, List<Change> changed) {

        /** Removed, changed, then added, each by name as the API lists them. */
        public List<DiffRow> rows() {
            List<DiffRow> rows = new ArrayList<>();
            if (removed != null) {
                removed.forEach(p -> rows.add(new DiffRow("removed", "-", p.name(), p.value(), null, p.secret())));
            }
            if (changed != null) {
                changed.forEach(c -> rows.add(new DiffRow("changed", "~", c.name(), c.from(), c.to(), c.secret())));
            }
            if (added != null) {
                added.forEach(p -> rows.add(new DiffRow("added", "+", p.name(), null, p.value(), p.secret())));
            }
            return rows;
        }
    }

    /**
     * One line of a diff table: what happened to the name in words and as a symbol (so colour is never the only
     * signal), and its value in each release ({@code null} where it is absent, or secret).
     */
    public record DiffRow(String kind, String symbol, String name, String from, String to, boolean secret) {

        public boolean inFrom() {
            return !"added".equals(kind);
        }

        public boolean inTo() {
            return !"removed".equals(kind);
        }
    }

    /** A device held on one release of its profile; {@code applies} is false while the device is on another profile. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pin(String mac, String profile, String uvc, boolean applies, Instant pinnedAt, String pinnedBy) {
    }

    public record PinRequest(String uvc) {
    }

    /**
     * The tenant's device authentication: whether device files need HTTP Digest, which stay public, the algorithms
     * offered and the dialects TFTP serves. A list left {@code null} is not sent, and the API takes its default.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceAuth(String mode, List<String> publicFiles, List<String> algorithms,
                             List<String> tftpDialects) {
    }
}
