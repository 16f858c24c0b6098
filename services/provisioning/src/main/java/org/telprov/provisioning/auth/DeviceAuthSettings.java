package org.telprov.provisioning.auth;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.support.problem.ProblemException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's device-authentication setting, as the partner API reads and writes it: whether device files need HTTP
 * Digest, which files stay public, which Digest algorithms are offered, and which dialects' files TFTP serves (without
 * any authentication: TFTP has none). Omitted lists take their defaults.
 */
public record DeviceAuthSettings(
        @Schema(description = "digest (the default): every file not in publicFiles needs HTTP Digest; off: every "
                + "file, SIP passwords included, is served to anyone who knows the MAC",
                enumeration = {"off", "digest"})
        String mode,

        @Schema(description = "Files served without authentication, named as in check-ins (docs/device-files.md); "
                + "custom/*.pem names every certificate. Files that carry parameters or credentials cannot be public",
                examples = "provisioning.xml")
        List<String> publicFiles,

        @Schema(description = "Digest algorithms offered, each in a challenge of its own, SHA-256 first; "
                + "SHA-256 only unless MD5 is asked for", examples = "SHA-256")
        List<String> algorithms,

        @Schema(description = "Dialects whose files are also served over TFTP (docs/device-files.md#tftp), none by "
                + "default. TFTP has no authentication: every file of these dialects, SIP passwords included, goes to "
                + "anyone on the network path who knows a device's MAC, whatever mode says",
                examples = "plug-n-dial")
        List<String> tftpDialects) {

    public static final String OFF = "off";
    public static final String DIGEST = "digest";
    public static final int MAX_PUBLIC_FILES = 100;

    /** Files every dialect's devices fetch before they can hold credentials, carrying neither secrets nor them. */
    public static final List<String> DEFAULT_PUBLIC_FILES = Dialects.NAMES.defaultPublic();

    /** MD5 only when a tenant asks for it: an old algorithm, offered for devices that know no other. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of(Digest.Algorithm.SHA_256.token());

    /** A tenant that never set it: Digest, so nobody gets a device's settings by knowing its MAC; no TFTP. */
    public static final DeviceAuthSettings DEFAULT = new DeviceAuthSettings(DIGEST, DEFAULT_PUBLIC_FILES,
            DEFAULT_ALGORITHMS, List.of());

    /** A setting that serves nothing over TFTP. */
    public DeviceAuthSettings(String mode, List<String> publicFiles, List<String> algorithms) {
        this(mode, publicFiles, algorithms, null);
    }

    /** Files that may be public: those of docs/device-files.md ("File names") that carry no parameters. */
    static final Set<String> FILES = Dialects.NAMES.mayBePublic();

    /**
     * Files that hand a device credentials: public only while the device has never authenticated (the first stage),
     * else they need Digest with its current credentials, whatever {@code publicFiles} says.
     */
    public static final Set<String> CREDENTIAL_FILES = Dialects.NAMES.credentials();

    /** Files that carry parameters (secrets among them): never public under digest. */
    static final Set<String> PARAMETER_FILES = Dialects.NAMES.parameters();

    /** {@code custom/<name>.pem} for one certificate (names as profiles allow them), {@code custom/*.pem} for all. */
    private static final Pattern CERTIFICATE = Pattern.compile("custom/(\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,99})\\.pem");
    private static final String ALL_CERTIFICATES = "custom/*.pem";

    /**
     * The setting with defaults filled in, lists without repeats and algorithms in challenge order.
     *
     * @throws ProblemException 400 {@code validation_failed} naming the field of an unknown mode, file or algorithm
     */
    public DeviceAuthSettings validated() {
        if (!OFF.equals(mode) && !DIGEST.equals(mode)) {
            throw ProblemException.badRequest("validation_failed", "mode is off or digest", "mode");
        }
        List<String> files = publicFiles == null ? DEFAULT_PUBLIC_FILES : publicFiles;
        if (files.size() > MAX_PUBLIC_FILES) {
            throw ProblemException.badRequest("validation_failed", "at most " + MAX_PUBLIC_FILES + " public files",
                    "publicFiles");
        }
        Set<String> publicSet = new LinkedHashSet<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            if (file != null && (CREDENTIAL_FILES.contains(file) || PARAMETER_FILES.contains(file))) {
                throw ProblemException.badRequest("validation_failed", file + " carries credentials or parameters: "
                        + "with digest it is never public (mode off serves every file to anyone)",
                        "publicFiles[" + i + "]");
            }
            if (file == null || !(FILES.contains(file) || CERTIFICATE.matcher(file).matches())) {
                throw ProblemException.badRequest("validation_failed", "not a device file name of "
                        + "docs/device-files.md, nor custom/<name>.pem or custom/*.pem", "publicFiles[" + i + "]");
            }
            publicSet.add(file);
        }
        List<String> given = algorithms == null ? DEFAULT_ALGORITHMS : algorithms;
        Set<Digest.Algorithm> offered = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i);
            Digest.Algorithm algorithm = name == null ? null : Digest.Algorithm.of(name)
                    .filter(a -> a.token().equals(name)).orElse(null);
            if (algorithm == null) {
                throw ProblemException.badRequest("validation_failed", "algorithms are SHA-256 and MD5",
                        "algorithms[" + i + "]");
            }
            offered.add(algorithm);
        }
        if (offered.isEmpty()) {
            throw ProblemException.badRequest("validation_failed", "at least one algorithm", "algorithms");
        }
        List<String> ordered = new ArrayList<>();
        for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
            if (offered.contains(algorithm)) {
                ordered.add(algorithm.token());
            }
        }
        List<String> tftp = tftpDialects == null ? List.of() : tftpDialects;
        Set<String> tftpSet = new LinkedHashSet<>();
        for (int i = 0; i < tftp.size(); i++) {
            String id = tftp.get(i);
            if (id == null || !id.matches(Dialect.PATTERN)) {
                throw ProblemException.badRequest("validation_failed", "dialects are " + Dialect.PATTERN
                        .replace("\\", "").replace("|", ", "), "tftpDialects[" + i + "]");
            }
            tftpSet.add(id);
        }
        return new DeviceAuthSettings(mode, List.copyOf(publicSet), List.copyOf(ordered), List.copyOf(tftpSet));
    }

    /** Whether the tenant lets TFTP serve the files of the dialect (to anyone: TFTP has no authentication). */
    public boolean servesOverTftp(Dialect dialect) {
        return tftpDialects != null && tftpDialects.contains(dialect.id());
    }

    /**
     * Whether the device file (named as in check-ins, e.g. {@code nvm/settings.xml}) is served without Digest; a
     * credential or parameter file only when the mode is off, whatever a stored list says.
     */
    public boolean isPublic(String file) {
        if (OFF.equals(mode)) {
            return true;
        }
        if (CREDENTIAL_FILES.contains(file) || PARAMETER_FILES.contains(file)) {
            return false;
        }
        if (publicFiles.contains(file)) {
            return true;
        }
        return publicFiles.contains(ALL_CERTIFICATES) && file.startsWith("custom/") && file.endsWith(".pem")
                && file.indexOf('/', "custom/".length()) < 0;
    }

    /** The algorithms offered, in challenge order. */
    public List<Digest.Algorithm> offered() {
        return algorithms.stream().map(a -> Digest.Algorithm.of(a).orElseThrow()).toList();
    }

    public boolean offers(Digest.Algorithm algorithm) {
        return algorithms.contains(algorithm.token());
    }
}
