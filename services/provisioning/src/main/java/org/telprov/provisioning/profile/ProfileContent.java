package org.telprov.provisioning.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a profile holds and a release freezes, as stored (JSON in the {@code content} columns). Secret values are
 * sealed ({@link SecretBox}); overrides are keyed by MAC (12 lower-case hex digits) in MAC order. Content stored
 * before dialects existed has no {@code dialect} and no {@code references}: it reads as Maxwell 1.0 without any.
 *
 * @param references Auerswald only: extra reference URLs, as given (markers such as {@code <MACADR>} left in)
 * @param operations Auerswald only: the operations file's {@code delete}, {@code replace} and {@code add} elements in
 *                   order, as given (checked on save); content stored before them has none
 * @param settings   the profile's layer of settings (docs/device-settings.md): what {@code {{setting.<name>}}}
 *                   yields for a device whose own settings and label groups have no such name, before the tenant's
 *                   defaults; secret values sealed
 */
public record ProfileContent(Dialect dialect, List<Parameter> parameters, List<Certificate> certificates,
                             FirmwareRef firmware, Map<String, List<Parameter>> overrides, List<String> references,
                             List<Setting> settings, List<Operation> operations) {

    /** The parameters that hold a device's HTTP Digest credentials, in every dialect. */
    public static final String DIGEST_USERNAME = "System.Security.HTTPAuthUsername";
    public static final String DIGEST_PASSWORD = "System.Security.HTTPAuthPassword";
    public static final Set<String> DIGEST_CREDENTIALS = Set.of(DIGEST_USERNAME, DIGEST_PASSWORD);

    @JsonCreator
    public ProfileContent {
        dialect = dialect == null ? Dialect.DEFAULT : dialect;
        parameters = parameters == null ? List.of() : parameters;
        certificates = certificates == null ? List.of() : certificates;
        overrides = overrides == null ? Map.of() : overrides;
        references = references == null ? List.of() : references;
        settings = settings == null ? List.of() : settings;
        operations = operations == null ? List.of() : operations;
    }

    /** Content without operations. */
    public ProfileContent(Dialect dialect, List<Parameter> parameters, List<Certificate> certificates,
                          FirmwareRef firmware, Map<String, List<Parameter>> overrides, List<String> references,
                          List<Setting> settings) {
        this(dialect, parameters, certificates, firmware, overrides, references, settings, List.of());
    }

    /** Content without a settings layer. */
    public ProfileContent(Dialect dialect, List<Parameter> parameters, List<Certificate> certificates,
                          FirmwareRef firmware, Map<String, List<Parameter>> overrides, List<String> references) {
        this(dialect, parameters, certificates, firmware, overrides, references, List.of(), List.of());
    }

    /** A settings parameter; when {@code secret}, {@code value} is the sealed ciphertext. */
    public record Parameter(String name, String value, boolean secret) {
    }

    /**
     * One element of an Auerswald operations file (docs/device-files.md): {@code op} is {@code delete},
     * {@code replace} or {@code add}, {@code path} the XPath of an element sub-tree, {@code xml} the elements a
     * {@code replace} or {@code add} puts there ({@code null} for {@code delete}). Not secret: shown as stored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Operation(String op, String path, String xml) {

        /** What a profile may hold: well below the request body's limit, all of them together. */
        public static final int MAX_OPERATIONS = 100;
        public static final int MAX_PATH = 2000;
        public static final int MAX_XML = 65536;
    }

    /** A CA certificate, validated and kept as PEM whatever form it was given in. */
    public record Certificate(String name, String pem, String subject, String sha256, Instant notAfter) {
    }

    /**
     * The firmware a release asks for: an artifact of the firmware service, or a channel of a product.
     *
     * @param artifactId the artifact's id, or {@code null} when a channel is named
     */
    public record FirmwareRef(String artifactId, String vendor, String product, String channel) {

        /** {@code vendor/product/channel} for a channel reference, else {@code null}. */
        public String channelKey() {
            return channel == null ? null : vendor + "/" + product + "/" + channel;
        }
    }

    /** The same content without per-device overrides: what a device without any gets. */
    public ProfileContent withoutOverrides() {
        return new ProfileContent(dialect, parameters, certificates, firmware, Map.of(), references, settings,
                operations);
    }

    public List<Parameter> overridesOf(String mac) {
        return overrides.getOrDefault(mac, List.of());
    }

    /**
     * Whether the device gets its HTTP Digest credentials and no other parameter (the release's and its overrides'
     * names tell, whatever the values): Maxwell 1.0 then serves {@code nvm/credentials.xml} and no settings file.
     */
    public boolean givesOnlyCredentials(String mac) {
        boolean any = false;
        for (List<Parameter> layer : List.of(parameters, overridesOf(mac))) {
            for (Parameter parameter : layer) {
                if (!DIGEST_CREDENTIALS.contains(parameter.name())) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
