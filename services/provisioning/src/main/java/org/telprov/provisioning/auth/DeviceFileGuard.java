package org.telprov.provisioning.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.DeviceReleases;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decides whether a caller may have a device file: under the tenant's setting ({@link DeviceAuthService}) a file that
 * is not public needs HTTP Digest (RFC 7616, qop=auth) with the credentials the device holds ({@value #USERNAME} /
 * {@value #PASSWORD} of the releases {@link DeviceCredentialStore} records, the device's override first); a
 * credentials file is public only to a device that never authenticated. Any refusal is a {@link Refusal}: a 401 with
 * a fresh challenge per offered algorithm and no body.
 */
@ApplicationScoped
public class DeviceFileGuard {

    public static final String USERNAME = ProfileContent.DIGEST_USERNAME;
    public static final String PASSWORD = ProfileContent.DIGEST_PASSWORD;

    /** How a request for a protected file ended; the tag of {@code telprov_provisioning_device_auth_total}. */
    enum Outcome {
        OK, MISSING, WRONG, STALE, REPLAY,
        /** No credentials are known that could open the file, so nobody can be let in. */
        NO_CREDENTIALS,
        /** A credentials file handed to a device that never authenticated: the unauthenticated first stage. */
        FIRST_STAGE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Credentials as the check needs them: the username and H(A1) per algorithm for the realm, not the password. H(A1)
     * opens every exchange of the realm as the password does: it is kept only here and in {@link #opened}, and
     * {@link #toString} leaves it out.
     */
    private record Credentials(String username, String realm, Map<Digest.Algorithm, String> ha1) {

        static Credentials of(String username, String realm, String password) {
            Map<Digest.Algorithm, String> ha1 = new EnumMap<>(Digest.Algorithm.class);
            for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
                ha1.put(algorithm, Digest.ha1(algorithm, username, realm, password));
            }
            return new Credentials(username, realm, ha1);
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", realm=" + realm + "]";
        }
    }

    /**
     * A refused request's answer: 401, {@code Cache-Control: no-store}, one {@code WWW-Authenticate} per challenge (in
     * the order given) and no body.
     */
    public record Refusal(List<String> challenges) {
    }

    /**
     * Served files that carry the release's credentials, as the dialects name them: the credentials files, and the
     * files that carry every parameter (Auerswald's settings.xml, Plug-n-Dial's config.txt).
     */
    private static final Set<String> HANDING_FILES = Dialects.NAMES.handing();

    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");

    private final DeviceAuthService settings;
    private final DigestRefusals refusals;
    private final DeviceCredentialStore store;
    private final DeviceReleases releases;
    private final SecretBox secrets;
    private final String realmTemplate;
    private final Nonces nonces;
    private final NonceCounts counts;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    /**
     * Each release content's credentials, opened (AES-GCM) and hashed once rather than per request, by the content
     * object itself (weak keys compare identity, so an entry leaves with its content) and for the realm it was hashed
     * for; devices with credentials of their own (overrides) are opened per request. Bounded.
     */
    private final Cache<ProfileContent, Optional<Credentials>> opened = Caffeine.newBuilder().weakKeys()
            .maximumSize(OPENED_RELEASES).build();

    /** How many releases' opened credentials are kept (a few hundred bytes each). */
    static final int OPENED_RELEASES = 10_000;

    public DeviceFileGuard(DeviceAuthService settings, DeviceCredentialStore store, DeviceReleases releases,
                           SecretBox secrets, ProvisioningConfig config, MeterRegistry registry,
                           DigestRefusals refusals) {
        this.settings = settings;
        this.refusals = refusals;
        this.store = store;
        this.releases = releases;
        this.secrets = secrets;
        ProvisioningConfig.DeviceAuth auth = config.deviceAuth();
        this.realmTemplate = auth.realm();
        this.nonces = new Nonces(nonceKey(config), auth.nonceValidity(), Clock.systemUTC());
        this.counts = new NonceCounts(auth.replayCapacity(), auth.nonceValidity().toMillis());
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("telprov.provisioning.device.auth").tag("outcome", outcome.tag())
                    .description("Requests for device files that need HTTP Digest, by outcome").register(registry));
        }
    }

    /**
     * The key nonces are signed with: the configured one, else one derived from the secrets key (so replicas that
     * share that share this), else a random one that only this process knows.
     *
     * @throws IllegalStateException when a configured nonce key is shorter than 32 bytes
     */
    static byte[] nonceKey(ProvisioningConfig config) {
        Optional<String> configured = config.deviceAuth().nonceKey();
        if (configured.isPresent()) {
            byte[] key = configured.get().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("telprov.provisioning.device-auth.nonce-key needs at least 32 bytes");
            }
            return key;
        }
        if (config.secretsKey().isPresent()) {
            try {
                Mac hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(config.secretsKey().get().trim().getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"));
                return hmac.doFinal("telprov device-auth nonce key".getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
            }
        }
        Log.warn("Neither telprov.provisioning.device-auth.nonce-key nor telprov.provisioning.secrets-key is set: "
                + "Digest nonces are signed with a key of this process only, which breaks Digest across replicas");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * A decision from memory alone: {@code decided} false when it needs the database (what the device holds is not in
     * this replica's memory, the answer would record something new, a refusal must be confirmed, an older release's
     * content is not held), and then nothing was counted, consumed or written.
     */
    public record Decision(boolean decided, Optional<Refusal> refusal) {

        static final Decision UNDECIDED = new Decision(false, Optional.empty());
        static final Decision ALLOWED = new Decision(true, Optional.empty());
    }

    /**
     * The refusal (401 with a challenge), or empty when the file may be served. Records what the device proved and
     * what it is handed, so the next credentials a device gets need the ones it holds: it may read and write the
     * database, so it runs on a worker thread.
     */
    public Optional<Refusal> refusal(DeviceRelease device, ProfileContent content, String file,
                                      HttpServerRequest request) {
        return decide(device, content, file, request, true).refusal();
    }

    /**
     * {@link #refusal} from memory alone, for the event loop: the steady state of a device that authenticated before
     * (it proves the credentials this replica remembers it proved) and every file that is public; anything else is
     * {@link Decision#UNDECIDED} for {@link #refusal} on a worker.
     */
    public Decision refusalFromMemory(DeviceRelease device, ProfileContent content, String file,
                                      HttpServerRequest request) {
        return decide(device, content, file, request, false);
    }

    private Decision decide(DeviceRelease device, ProfileContent content, String file, HttpServerRequest request,
                            boolean mayBlock) {
        DeviceAuthSettings setting = settings.current(device.tenantId());
        if (setting.isPublic(file)) {
            return Decision.ALLOWED;
        }
        DeviceCredentialStore.Held held;
        if (mayBlock) {
            held = store.held(device.mac(), device.tenantId());
        } else {
            Optional<DeviceCredentialStore.Held> remembered = store.remembered(device.mac(), device.tenantId());
            if (remembered.isEmpty()) {
                return Decision.UNDECIDED;
            }
            held = remembered.get();
        }
        String realm = realmTemplate.replace("{tenant}", device.tenantId());
        Optional<Credentials> own = credentials(device.mac(), realm, content);
        if (!mayBlock && HANDING_FILES.contains(file) && own.isPresent() && !device.releaseId().equals(held.handed())) {
            // letting the device in would record the credentials it is handed
            return Decision.UNDECIDED;
        }
        Outcome outcome;
        UUID matched;
        for (boolean confirmed = false; ; confirmed = true) {
            if (DeviceAuthSettings.CREDENTIAL_FILES.contains(file) && !held.authenticatedOnce()) {
                if (!mayBlock) {
                    return Decision.UNDECIDED;
                }
                // the first stage: a device that never proved credentials has none to prove, so it gets them unasked
                outcomes.get(Outcome.FIRST_STAGE).increment();
                if (own.isPresent() && !device.releaseId().equals(held.handed())) {
                    store.handed(device.mac(), device.tenantId(), device.releaseId());
                }
                return Decision.ALLOWED;
            }
            Optional<Map<UUID, Credentials>> accepted = accepted(device, realm, held, own, mayBlock);
            if (accepted.isEmpty()) {
                return Decision.UNDECIDED;
            }
            matched = null;
            if (accepted.get().isEmpty()) {
                outcome = Outcome.NO_CREDENTIALS;
            } else {
                Checked checked = check(setting, realm, accepted.get(), device.mac(), request,
                        mayBlock ? null : held.authenticated());
                if (checked == null) {
                    return Decision.UNDECIDED;
                }
                outcome = checked.outcome();
                matched = checked.release();
            }
            if (confirmed || (outcome != Outcome.WRONG && outcome != Outcome.NO_CREDENTIALS)) {
                break;
            }
            if (!mayBlock) {
                return Decision.UNDECIDED;
            }
            // what this replica remembers may be behind another replica the device got newer credentials from: a
            // refusal looks once at the database (neither outcome has used up the nonce's count)
            DeviceCredentialStore.Held stored = store.confirmed(device.mac(), device.tenantId());
            if (stored.equals(held)) {
                break;
            }
            held = stored;
        }
        outcomes.get(outcome).increment();
        if (outcome == Outcome.OK) {
            if (!matched.equals(held.authenticated())) {
                store.authenticated(device.mac(), device.tenantId(), matched);
            }
            if (HANDING_FILES.contains(file) && own.isPresent() && !device.releaseId().equals(held.handed())) {
                store.handed(device.mac(), device.tenantId(), device.releaseId());
            }
            return Decision.ALLOWED;
        }
        if (outcome == Outcome.MISSING || outcome == Outcome.STALE) {
            // the first step of every Digest exchange, and a nonce that merely aged: routine
            Log.debugf("Device file refused: mac=%s tenant=%s file=%s outcome=%s", device.mac(), device.tenantId(),
                    file, outcome.tag());
        } else {
            Log.infof("Device file refused: mac=%s tenant=%s file=%s outcome=%s", device.mac(), device.tenantId(),
                    file, outcome.tag());
            if (outcome == Outcome.WRONG) {
                // counted against a rollout that offered the device a change (DIGEST_REFUSED)
                refusals.refused(device.tenantId(), device.mac(), Instant.now());
            }
        }
        return new Decision(true, Optional.of(challenge(setting.offered(), realm, device.mac(),
                outcome == Outcome.STALE)));
    }

    /**
     * The credentials that open a protected file, by the release they come from: those the device last proved and
     * was last handed; a device that never proved any also those of the file's own release (set on it out of band).
     * Empty when {@code mayBlock} is false and an older release's content is not in memory.
     */
    private Optional<Map<UUID, Credentials>> accepted(DeviceRelease device, String realm,
                                                      DeviceCredentialStore.Held held, Optional<Credentials> own,
                                                      boolean mayBlock) {
        Map<UUID, Credentials> accepted = new LinkedHashMap<>();
        for (UUID release : new UUID[]{held.authenticated(), held.handed()}) {
            if (release != null && !accepted.containsKey(release)) {
                Optional<Credentials> credentials = own;
                if (!release.equals(device.releaseId())) {
                    Optional<ProfileContent> older = mayBlock ? releases.content(release) : releases.held(release);
                    if (older.isEmpty() && !mayBlock) {
                        return Optional.empty();
                    }
                    credentials = older.flatMap(c -> credentials(device.mac(), realm, c));
                }
                credentials.ifPresent(c -> accepted.put(release, c));
            }
        }
        if (!held.authenticatedOnce()) {
            own.ifPresent(c -> accepted.putIfAbsent(device.releaseId(), c));
        }
        return Optional.of(accepted);
    }

    private record Checked(Outcome outcome, UUID release) {
    }

    /**
     * @param remembered for a decision from memory, the release whose credentials the device last proved: a match of
     *                   any other would be recorded, so the check stops with {@code null} before the nonce's count is
     *                   used up; {@code null} on a thread that may block
     */
    private Checked check(DeviceAuthSettings setting, String realm, Map<UUID, Credentials> accepted, String mac,
                          HttpServerRequest request, UUID remembered) {
        Optional<Map<String, String>> header = Digest.credentials(request.getHeader("Authorization"));
        if (header.isEmpty()) {
            return new Checked(Outcome.MISSING, null);
        }
        Map<String, String> given = header.get();
        Optional<Digest.Algorithm> algorithm = Digest.Algorithm.of(given.get("algorithm"));
        String nonce = given.get("nonce");
        String nc = given.get("nc");
        String cnonce = given.get("cnonce");
        String opaque = given.get("opaque");
        if (algorithm.isEmpty() || !setting.offers(algorithm.get()) || !Digest.QOP.equals(given.get("qop"))
                || nonce == null || cnonce == null || nc == null || !NONCE_COUNT.matcher(nc).matches()
                || !realm.equals(given.get("realm")) || !request.uri().equals(given.get("uri"))
                || (opaque != null && !opaque.equals(opaque(realm)))) {
            return new Checked(Outcome.WRONG, null);
        }
        String response = given.get("response");
        String answer = response == null ? null : response.toLowerCase(Locale.ROOT);
        UUID matched = null;
        // every candidate is checked whatever the others say, so the time taken tells nothing about which failed
        for (Map.Entry<UUID, Credentials> candidate : accepted.entrySet()) {
            Credentials credentials = candidate.getValue();
            String expected = Digest.response(algorithm.get(), credentials.ha1().get(algorithm.get()),
                    request.method().name(), request.uri(), nonce, nc, cnonce);
            boolean user = Digest.same(credentials.username(), given.get("username"));
            boolean right = Digest.same(expected, answer);
            if (user && right && matched == null) {
                matched = candidate.getKey();
            }
        }
        if (matched == null) {
            return new Checked(Outcome.WRONG, null);
        }
        if (remembered != null && !matched.equals(remembered)) {
            return null;
        }
        Nonces.Verified verified = nonces.verify(nonce, mac);
        if (verified.check() != Nonces.Check.VALID) {
            return new Checked(Outcome.STALE, null);
        }
        return switch (counts.accept(nonce, verified.issuedAt(), Long.parseLong(nc, 16), System.currentTimeMillis())) {
            case ACCEPTED -> new Checked(Outcome.OK, matched);
            case REPLAYED -> new Checked(Outcome.REPLAY, null);
            case FORGOTTEN -> new Checked(Outcome.STALE, null);
        };
    }

    private Refusal challenge(List<Digest.Algorithm> offered, String realm, String mac, boolean stale) {
        String nonce = nonces.issue(mac);
        return new Refusal(offered.stream()
                .map(algorithm -> Digest.challenge(algorithm, realm, nonce, opaque(realm), stale)).toList());
    }

    /** Server data the client returns unchanged (RFC 7616 §3.3); here it only ties an answer to its realm. */
    private static String opaque(String realm) {
        return Digest.Algorithm.SHA_256.hash("telprov opaque:" + realm).substring(0, 32);
    }

    /**
     * The release's credentials for the realm, the device's override before the profile's parameter; empty when
     * incomplete. The profile's are opened once per release content ({@link #opened}).
     */
    private Optional<Credentials> credentials(String mac, String realm, ProfileContent content) {
        List<ProfileContent.Parameter> overrides = content.overridesOf(mac);
        if (find(overrides, USERNAME) != null || find(overrides, PASSWORD) != null) {
            return credentials(realm, List.of(overrides, content.parameters()));
        }
        Optional<Credentials> credentials = opened.get(content,
                c -> credentials(realm, List.of(c.parameters())));
        if (credentials.isPresent() && !credentials.get().realm().equals(realm)) {
            // a release is one tenant's, so one realm's: this only keeps a hash for another realm from being used
            credentials = credentials(realm, List.of(content.parameters()));
            opened.put(content, credentials);
        }
        return credentials;
    }

    /** The credentials the first of the lists to name each parameter gives; empty when incomplete. */
    private Optional<Credentials> credentials(String realm, List<List<ProfileContent.Parameter>> lists) {
        String username = open(first(lists, USERNAME));
        String password = open(first(lists, PASSWORD));
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Credentials.of(username, realm, password));
    }

    private static ProfileContent.Parameter first(List<List<ProfileContent.Parameter>> lists, String name) {
        for (List<ProfileContent.Parameter> parameters : lists) {
            ProfileContent.Parameter found = find(parameters, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static ProfileContent.Parameter find(List<ProfileContent.Parameter> parameters, String name) {
        for (ProfileContent.Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return parameter;
            }
        }
        return null;
    }

    private String open(ProfileContent.Parameter parameter) {
        if (parameter == null) {
            return null;
        }
        if (!parameter.secret()) {
            return parameter.value();
        }
        try {
            return secrets.open(parameter.value());
        } catch (IllegalStateException e) {
            // e.g. the secrets key changed since the release: without the password nobody can be let in
            Log.infof("Device credential %s of a release cannot be opened with the secrets key", parameter.name());
            return null;
        }
    }
}
