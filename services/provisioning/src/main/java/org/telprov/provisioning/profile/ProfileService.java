package org.telprov.provisioning.profile;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.telprov.events.MacAddress;
import org.telprov.partner.Page;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.firmware.FirmwareArtifacts;
import org.telprov.provisioning.memory.MemoryPoller;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Creates, replaces, reads and deletes the profiles of a tenant; validates their content and seals their secrets. */
@ApplicationScoped
public class ProfileService {

    private final SecretBox secrets;
    private final ProvisioningConfig config;
    private final MemoryPoller memory;
    private final FirmwareArtifacts artifacts;
    private final Map<Dialect, DialectRules> rules = new EnumMap<>(Dialect.class);

    /** @param rules every dialect's save-time rules, from its package */
    public ProfileService(SecretBox secrets, ProvisioningConfig config, MemoryPoller memory,
                          FirmwareArtifacts artifacts, Instance<DialectRules> rules) {
        this.secrets = secrets;
        this.config = config;
        this.memory = memory;
        this.artifacts = artifacts;
        rules.forEach(r -> this.rules.put(r.dialect(), r));
        for (Dialect dialect : Dialect.values()) {
            if (!this.rules.containsKey(dialect)) {
                throw new IllegalStateException("no package implements the dialect " + dialect);
            }
        }
    }

    /**
     * @throws ProblemException 400 for invalid content, 409 {@code profile_exists} when the tenant has the name
     */
    @Transactional
    public ProfileView create(String tenantId, ProfileRequest request) {
        if (request.name() == null) {
            throw ProblemException.badRequest("validation_failed", "a profile needs a name", "name");
        }
        if (Profile.count("tenantId = ?1 and name = ?2", tenantId, request.name()) > 0) {
            throw ProblemException.conflict("profile_exists", "a profile named " + request.name() + " exists");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Profile profile = new Profile();
        profile.id = UUID.randomUUID();
        profile.tenantId = tenantId;
        profile.name = request.name();
        profile.content = ContentCodec.toJson(content(tenantId, request, null));
        profile.createdAt = now;
        profile.updatedAt = now;
        profile.persist();
        return ProfileView.of(profile, null);
    }

    /**
     * Replaces the profile's content; its releases stay as they are.
     *
     * @throws ProblemException 404 for an unknown profile (or another tenant's), 400 for invalid content
     */
    @Transactional
    public ProfileView replace(String tenantId, String name, ProfileRequest request) {
        if (request.name() != null && !request.name().equals(name)) {
            throw ProblemException.badRequest("validation_failed", "name differs from the profile's URL", "name");
        }
        Profile profile = locked(tenantId, name);
        profile.content = ContentCodec.toJson(content(tenantId, request, ContentCodec.fromJson(profile.content)));
        profile.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ProfileView.of(profile, latest(profile));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ProfileView> find(String tenantId, String name) {
        return Profile.<Profile>find("tenantId = ?1 and name = ?2", tenantId, name).firstResultOptional()
                .map(p -> ProfileView.of(p, latest(p)));
    }

    /** A page of the tenant's profiles, or of every tenant's for an empty scope (the operator). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ProfileView> list(Optional<String> scope, int page, int size) {
        var query = scope.map(t -> Profile.<Profile>find("tenantId", Sort.by("name").and("tenantId"), t))
                .orElseGet(() -> Profile.findAll(Sort.by("name").and("tenantId")));
        long total = query.count();
        List<ProfileView> items = query.page(page, size).list().stream()
                .map(p -> ProfileView.of(p, latest(p))).toList();
        return new Page<>(items, page, size, total);
    }

    /** Deletes the profile and its releases; devices still naming it get no files. */
    @Transactional
    public void delete(String tenantId, String name) {
        // Creating or replacing a profile changes no release; deleting it takes its releases from its devices.
        Profile profile = locked(tenantId, name);
        profile.delete();
        memory.refreshAfterCommit();
    }

    /**
     * Marks that the (locked) profile's devices may get another release now (a publish, rollback, audience widening,
     * pin or unpin in the caller's transaction): bumps its routing version, which every replica polls, and has this
     * replica read it as soon as the transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void routingChanged(Profile profile) {
        Profile.getEntityManager()
                .createNativeQuery("update profile set routing_version = nextval('routing_version') where id = ?1")
                .setParameter(1, profile.id)
                .executeUpdate();
        memory.refreshAfterCommit();
    }

    /**
     * The tenant's profile, its row locked for the rest of the transaction.
     *
     * @throws ProblemException 404 when the tenant has no such profile
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Profile locked(String tenantId, String name) {
        return Profile.<Profile>find("tenantId = ?1 and name = ?2", tenantId, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> notFound(name));
    }

    public static ProblemException notFound(String name) {
        return ProblemException.notFound("profile " + name);
    }

    private static String latest(Profile profile) {
        return profile.lastUvcAt == null ? null : Uvc.format(profile.lastUvcAt);
    }

    private ProfileContent content(String tenantId, ProfileRequest request, ProfileContent previous) {
        Dialect dialect = request.dialect() == null ? Dialect.DEFAULT : Dialect.of(request.dialect());
        DialectRules rules = rules(dialect);
        rules.contentKinds(request);
        List<ProfileContent.Parameter> parameters = parameters(dialect, request.parameters(),
                previous == null ? List.of() : previous.parameters(), "parameters");

        List<ProfileContent.Certificate> certificates = new ArrayList<>();
        Set<String> certificateNames = new HashSet<>();
        List<ProfileRequest.CertificateRequest> given = request.certificates() == null ? List.of() : request.certificates();
        for (int i = 0; i < given.size(); i++) {
            ProfileRequest.CertificateRequest certificate = given.get(i);
            if (!certificateNames.add(certificate.name())) {
                throw ProblemException.badRequest("duplicate_name", "certificate " + certificate.name()
                        + " is given twice", "certificates[" + i + "].name");
            }
            certificates.add(Certificates.parse(certificate.name(), certificate.data(), "certificates[" + i + "].data"));
        }

        Map<String, List<ProfileContent.Parameter>> overrides = new TreeMap<>();
        if (request.overrides() != null) {
            for (Map.Entry<String, List<ProfileRequest.ParameterRequest>> entry : request.overrides().entrySet()) {
                String field = "overrides." + entry.getKey();
                String mac;
                try {
                    mac = MacAddress.parse(entry.getKey()).toString();
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("invalid_mac", e.getMessage(), field);
                }
                if (overrides.containsKey(mac)) {
                    throw ProblemException.badRequest("duplicate_mac", "MAC " + mac + " is given twice", field);
                }
                List<ProfileContent.Parameter> before = previous == null ? List.of() : previous.overridesOf(mac);
                overrides.put(mac, parameters(dialect, entry.getValue(), before, field));
            }
        }
        rules.tree(parameters, overrides);
        return new ProfileContent(dialect, parameters, certificates, firmware(tenantId, request.firmware()), overrides,
                rules.references(request.references()),
                settings(request.settings(), previous == null ? List.of() : previous.settings()),
                rules.operations(request.operations()));
    }

    /** The profile's layer of settings in name order (as every layer is stored), secrets sealed. */
    private List<Setting> settings(List<ProfileRequest.SettingRequest> given, List<Setting> previous) {
        if (given == null) {
            return List.of();
        }
        Map<String, Setting> stored = previous.stream()
                .collect(Collectors.toMap(Setting::name, Function.identity(), (a, b) -> a));
        Map<String, Setting> settings = new TreeMap<>();
        for (int i = 0; i < given.size(); i++) {
            ProfileRequest.SettingRequest setting = given.get(i);
            String at = "settings[" + i + "]";
            if (settings.containsKey(setting.name())) {
                throw ProblemException.badRequest("duplicate_name",
                        "setting " + setting.name() + " is given twice", at + ".name");
            }
            if (setting.value() == null) {
                Setting kept = stored.get(setting.name());
                if (setting.isSecret() && kept != null && kept.secret()) {
                    settings.put(kept.name(), kept);
                    continue;
                }
                throw ProblemException.badRequest("validation_failed", "a value is required (a secret without one "
                        + "keeps its stored value, and there is none)", at + ".value");
            }
            if (!Setting.writable(setting.value())) {
                throw ProblemException.badRequest("validation_failed", Inputs.SINGLE_LINE_RULE, at + ".value");
            }
            settings.put(setting.name(), new Setting(setting.name(),
                    setting.isSecret() ? secrets.seal(setting.value()) : setting.value(), setting.isSecret()));
        }
        return List.copyOf(settings.values());
    }

    private List<ProfileContent.Parameter> parameters(Dialect dialect, List<ProfileRequest.ParameterRequest> given,
                                                      List<ProfileContent.Parameter> previous, String field) {
        if (given == null) {
            return List.of();
        }
        Map<String, ProfileContent.Parameter> stored = previous.stream()
                .collect(Collectors.toMap(ProfileContent.Parameter::name, Function.identity(), (a, b) -> a));
        Set<String> names = new HashSet<>();
        List<ProfileContent.Parameter> parameters = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            ProfileRequest.ParameterRequest parameter = given.get(i);
            String at = field + "[" + i + "]";
            if (!names.add(parameter.name())) {
                throw ProblemException.badRequest("duplicate_name",
                        "parameter " + parameter.name() + " is given twice", at + ".name");
            }
            rules(dialect).name(parameter.name(), at + ".name");
            if (parameter.value() == null) {
                ProfileContent.Parameter kept = stored.get(parameter.name());
                if (parameter.isSecret() && kept != null && kept.secret()) {
                    // The kept value was checked for the dialect it was saved with, which may not be this one.
                    if (rules(dialect).restrictsValues()) {
                        rules(dialect).value(secrets.open(kept.value()), at + ".value");
                    }
                    parameters.add(kept);
                    continue;
                }
                throw ProblemException.badRequest("validation_failed", "a value is required (a secret without one "
                        + "keeps its stored value, and there is none)", at + ".value");
            }
            checkValue(parameter.value(), at + ".value");
            checkTemplate(parameter.name(), parameter.value(), at + ".value");
            rules(dialect).value(parameter.value(), at + ".value");
            parameters.add(new ProfileContent.Parameter(parameter.name(),
                    parameter.isSecret() ? secrets.seal(parameter.value()) : parameter.value(), parameter.isSecret()));
        }
        return parameters;
    }

    private DialectRules rules(Dialect dialect) {
        return rules.get(dialect);
    }

    private void checkValue(String value, String field) {
        if (value.length() > config.maxValueLength()) {
            throw ProblemException.badRequest("validation_failed",
                    "at most " + config.maxValueLength() + " characters", field);
        }
        // Control characters cannot be represented in XML 1.0 (and line breaks in attributes do not survive parsing).
        if (!Setting.writable(value)) {
            throw ProblemException.badRequest("validation_failed", "control characters are not allowed", field);
        }
    }

    /**
     * Refuses a value that opens a reference ({{) without being a valid template, secret or not: stored, it would be
     * literal text a device gets with the braces in it. The HTTP Digest credentials cannot be templates: which
     * credentials a device holds is tracked per release, and a per-device value would change under it unseen.
     */
    private static void checkTemplate(String name, String value, String field) {
        if (Template.isTemplate(value)) {
            if (ProfileContent.DIGEST_CREDENTIALS.contains(name)) {
                throw ProblemException.badRequest("invalid_parameter", "the HTTP Digest credentials ("
                        + name + ") cannot refer to settings: they change with a release only", field);
            }
            try {
                Template.parse(value);
            } catch (Template.SyntaxException e) {
                throw ProblemException.badRequest("invalid_parameter", e.getMessage(), field);
            }
        }
    }

    private ProfileContent.FirmwareRef firmware(String tenantId, ProfileRequest.FirmwareRequest request) {
        if (request == null) {
            return null;
        }
        boolean byArtifact = request.artifactId() != null;
        boolean byChannel = request.vendor() != null && request.product() != null && request.channel() != null;
        if (byArtifact == byChannel || (byArtifact && (request.vendor() != null || request.channel() != null))) {
            throw ProblemException.badRequest("validation_failed",
                    "name either artifactId, or vendor, product and channel", "firmware");
        }
        if (byArtifact) {
            artifacts.requireUsable(tenantId, request.artifactId(), "firmware.artifactId");
        }
        return byArtifact
                ? new ProfileContent.FirmwareRef(UUID.fromString(request.artifactId()).toString(), null,
                        request.product(), null)
                : new ProfileContent.FirmwareRef(null, request.vendor(), request.product(), request.channel());
    }
}
