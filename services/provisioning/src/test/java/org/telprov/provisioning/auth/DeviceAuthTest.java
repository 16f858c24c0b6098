package org.telprov.provisioning.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

/**
 * HTTP Digest on device files (on by default): a tenant's setting decides which files need it, the credentials the
 * device holds (the device's override first) open them, new ones are handed only under those, and every refusal is a
 * 401 with a fresh challenge and nothing of the file.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceAuthTest {

    private static final String TENANT = "da-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final String MAC = "da0000000001";
    private static final String OVERRIDDEN_MAC = "da0000000002";
    private static final String BARE_MAC = "da0000000003";
    private static final String REALM = "telprov " + TENANT;
    private static final String USER = "Gigaset";
    private static final String PASSWORD = "Pass \"word\"";
    private static String uvc;
    private static String bareUvc;

    @Inject
    ProvisioningConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    DigestRefusals refusals;

    @BeforeEach
    void securedTenant() {
        as(ADMIN).body(Map.of("mode", "digest", "algorithms", List.of("SHA-256", "MD5"))).put("/api/v1/device-auth")
                .then().statusCode(200);
        if (uvc != null) {
            return;
        }
        Map<String, Object> secured = profile("secured", Map.of());
        secured.put("parameters", List.of(
                Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", USER),
                secret(DeviceFileGuard.PASSWORD, PASSWORD)));
        secured.put("overrides", Map.of(OVERRIDDEN_MAC, List.of(
                Map.of("name", DeviceFileGuard.USERNAME, "value", "desk-2"),
                secret(DeviceFileGuard.PASSWORD, "desk-2-pass"))));
        created(ADMIN, secured);
        uvc = published(ADMIN, "secured");
        created(ADMIN, profile("bare", Map.of("SIP.Account.0.AuthName", "1013")));
        bareUvc = published(ADMIN, "bare");
        device(MAC, TENANT, "secured");
        device(OVERRIDDEN_MAC, TENANT, "secured");
        device(BARE_MAC, TENANT, "bare");
    }

    private static String settings(String mac, String release) {
        return "/prov/" + mac + "/nvm/" + release + "/settings.xml";
    }

    @Test
    void aTenantThatNeverConfiguredItNeedsDigestWithSha256Only() {
        String fresh = "da-fresh";
        created(TestTokens.partnerAdmin(fresh), profile("fresh", Map.of("SIP.Account.0.AuthName", "1014",
                DeviceFileGuard.USERNAME, "u", DeviceFileGuard.PASSWORD, "p")));
        String release = published(TestTokens.partnerAdmin(fresh), "fresh");
        device("da00000000a1", fresh, "fresh");
        as(TestTokens.partner(fresh, "partner")).get("/api/v1/device-auth").then().statusCode(200)
                .body("mode", equalTo("digest"))
                .body("publicFiles", equalTo(DeviceAuthSettings.DEFAULT_PUBLIC_FILES))
                .body("algorithms", contains("SHA-256"));
        Response refused = RestAssured.given().get(settings("da00000000a1", release));
        refused.then().statusCode(401).body(emptyString());
        assertThat(refused.headers().getValues("WWW-Authenticate")).singleElement()
                .satisfies(c -> assertThat(c).contains("algorithm=SHA-256"));
        // an MD5 answer is refused: MD5 is offered only to a tenant that asks for it
        Map<String, String> challenge = challenge(settings("da00000000a1", release), Digest.Algorithm.SHA_256);
        get(settings("da00000000a1", release), authorization(Digest.Algorithm.MD5, "u", "p",
                settings("da00000000a1", release), challenge.get("nonce"), "00000001", challenge.get("realm")))
                .then().statusCode(401);
        answered(settings("da00000000a1", release), "u", "p", Digest.Algorithm.SHA_256).then().statusCode(200);

        // mode off, set explicitly, serves every file to anyone with the MAC
        as(TestTokens.partnerAdmin(fresh)).body(Map.of("mode", "off")).put("/api/v1/device-auth").then()
                .statusCode(200);
        RestAssured.given().get(settings("da00000000a1", release)).then().statusCode(200)
                .body(containsString("SIP.Account.0.AuthName"));
        RestAssured.given().get("/prov/da00000000a1/nvm/" + release + "/credentials.xml").then().statusCode(200)
                .body(containsString("HTTPAuthUsername"));
    }

    @Test
    void publicFilesNeedNoCredentials() {
        RestAssured.given().get("/prov/" + MAC + "/provisioning.xml").then().statusCode(200);
        RestAssured.given().get("/prov/" + MAC + "/nvm/updates.xml").then().statusCode(200)
                .body(containsString(uvc));
    }

    @Test
    void withoutCredentialsTheSettingsAreA401WithAChallengePerAlgorithmAndNoBody() {
        Response refused = RestAssured.given().get(settings(MAC, uvc));
        refused.then().statusCode(401).body(emptyString()).header("Cache-Control", "no-store");
        List<String> challenges = refused.headers().getValues("WWW-Authenticate");
        assertThat(challenges).hasSize(2);
        Map<String, String> sha = Digest.credentials(challenges.get(0)).orElseThrow();
        Map<String, String> md5 = Digest.credentials(challenges.get(1)).orElseThrow();
        assertThat(sha).containsEntry("algorithm", "SHA-256").containsEntry("realm", REALM)
                .containsEntry("qop", "auth").containsEntry("stale", "false").containsKeys("nonce", "opaque");
        assertThat(md5).containsEntry("algorithm", "MD5").containsEntry("realm", REALM);

        // another scheme is no credential either
        RestAssured.given().auth().preemptive().basic(USER, PASSWORD).get(settings(MAC, uvc)).then().statusCode(401)
                .body(emptyString());
    }

    @Test
    void theReleasesCredentialsOpenTheSettingsWithSha256AndMd5() {
        for (Digest.Algorithm algorithm : Digest.Algorithm.values()) {
            String body = answered(settings(MAC, uvc), USER, PASSWORD, algorithm).then().statusCode(200)
                    .contentType("application/xml; charset=utf-8").extract().asString();
            assertThat(body).as(algorithm.token()).contains("SIP.Account.0.AuthName").contains("1012");
        }
    }

    @Test
    void wrongCredentialsGetAFreshChallengeAndNothingOfTheFile() {
        refusals.drain();
        for (String[] wrong : new String[][]{{USER, "guess"}, {"admin", PASSWORD}, {"desk-2", "desk-2-pass"}}) {
            Response refused = answered(settings(MAC, uvc), wrong[0], wrong[1], Digest.Algorithm.SHA_256);
            refused.then().statusCode(401).body(emptyString()).header("Cache-Control", "no-store");
            assertThat(refused.headers().getValues("WWW-Authenticate")).hasSize(2)
                    .allSatisfy(c -> assertThat(c).contains("stale=false"));
        }
        // each wrong answer is held for the rollouts, which count them against a device offered a change
        assertThat(refusals.drain()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.mac()).isEqualToIgnoringCase(MAC.replace(":", "")));
    }

    @Test
    void anAnswerCountsOnlyForTheUriAndRealmItWasMadeFor() {
        Map<String, String> challenge = challenge(settings(MAC, uvc), Digest.Algorithm.SHA_256);
        String forOtherUri = authorization(Digest.Algorithm.SHA_256, USER, PASSWORD, "/prov/" + MAC + "/other",
                challenge.get("nonce"), "00000001", REALM);
        get(settings(MAC, uvc), forOtherUri).then().statusCode(401).body(emptyString());
        String otherRealm = authorization(Digest.Algorithm.SHA_256, USER, PASSWORD, settings(MAC, uvc),
                challenge.get("nonce"), "00000001", "telprov");
        get(settings(MAC, uvc), otherRealm).then().statusCode(401);
        // a nonce handed to another device
        Map<String, String> others = challenge(settings(OVERRIDDEN_MAC, uvc), Digest.Algorithm.SHA_256);
        String borrowed = authorization(Digest.Algorithm.SHA_256, USER, PASSWORD, settings(MAC, uvc),
                others.get("nonce"), "00000001", REALM);
        assertThat(get(settings(MAC, uvc), borrowed).then().statusCode(401).extract().headers()
                .getValues("WWW-Authenticate")).allSatisfy(c -> assertThat(c).contains("stale=true"));
    }

    @Test
    void theDevicesOverrideCredentialsWinForThatDevice() {
        answered(settings(OVERRIDDEN_MAC, uvc), "desk-2", "desk-2-pass", Digest.Algorithm.SHA_256).then()
                .statusCode(200);
        answered(settings(OVERRIDDEN_MAC, uvc), USER, PASSWORD, Digest.Algorithm.SHA_256).then().statusCode(401)
                .body(emptyString());
    }

    @Test
    void aDeviceOverridingOnlyThePasswordKeepsTheReleasesUsername() {
        String mac = "da00000000b2";
        Map<String, Object> half = profile("half", Map.of());
        half.put("parameters", List.of(
                Map.of("name", "SIP.Account.0.AuthName", "value", "1015"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "shared"),
                secret(DeviceFileGuard.PASSWORD, "shared-pass")));
        half.put("overrides", Map.of(mac, List.of(secret(DeviceFileGuard.PASSWORD, "own-pass"))));
        created(ADMIN, half);
        String release = published(ADMIN, "half");
        device("da00000000b1", TENANT, "half");
        device(mac, TENANT, "half");

        // the release's credentials first, so they are the ones kept for the release
        answered(settings("da00000000b1", release), "shared", "shared-pass", Digest.Algorithm.SHA_256).then()
                .statusCode(200);
        answered(settings(mac, release), "shared", "shared-pass", Digest.Algorithm.SHA_256).then().statusCode(401);
        answered(settings(mac, release), "shared", "own-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        answered(settings("da00000000b1", release), "shared", "own-pass", Digest.Algorithm.SHA_256).then()
                .statusCode(401);
    }

    @Test
    void aReplayedNonceCountIsRefusedAndAHigherOneAccepted() {
        double replays = registry.counter("telprov.provisioning.device.auth", "outcome", "replay").count();
        String path = settings(MAC, uvc);
        Map<String, String> challenge = challenge(path, Digest.Algorithm.MD5);
        String first = authorization(Digest.Algorithm.MD5, USER, PASSWORD, path, challenge.get("nonce"), "00000001",
                REALM);
        get(path, first).then().statusCode(200);
        get(path, first).then().statusCode(401).body(emptyString());
        assertThat(registry.counter("telprov.provisioning.device.auth", "outcome", "replay").count())
                .isEqualTo(replays + 1);
        get(path, authorization(Digest.Algorithm.MD5, USER, PASSWORD, path, challenge.get("nonce"), "00000003",
                REALM)).then().statusCode(200);
        get(path, authorization(Digest.Algorithm.MD5, USER, PASSWORD, path, challenge.get("nonce"), "00000002",
                REALM)).then().statusCode(401);
    }

    @Test
    void anExpiredNonceWithTheRightAnswerGetsAStaleChallenge() {
        String path = settings(MAC, uvc);
        Duration validity = config.deviceAuth().nonceValidity();
        Nonces past = new Nonces(DeviceFileGuard.nonceKey(config), validity,
                Clock.fixed(Instant.now().minus(validity).minusSeconds(60), ZoneOffset.UTC));
        String expired = past.issue(MAC);
        Response stale = get(path, authorization(Digest.Algorithm.SHA_256, USER, PASSWORD, path, expired, "00000001",
                REALM));
        stale.then().statusCode(401).body(emptyString());
        List<String> challenges = stale.headers().getValues("WWW-Authenticate");
        assertThat(challenges).hasSize(2).allSatisfy(c -> assertThat(c).contains("stale=true"));
        assertThat(Digest.credentials(challenges.get(0)).orElseThrow().get("nonce")).isNotEqualTo(expired);

        // the same nonce when it was fresh: accepted, so only its age was refused
        Nonces then = new Nonces(DeviceFileGuard.nonceKey(config), validity, Clock.systemUTC());
        get(path, authorization(Digest.Algorithm.SHA_256, USER, PASSWORD, path, then.issue(MAC), "00000001",
                REALM)).then().statusCode(200);
        // a wrong password is wrong, however old the nonce
        assertThat(get(path, authorization(Digest.Algorithm.SHA_256, USER, "guess", path, past.issue(MAC),
                "00000001", REALM)).headers().getValues("WWW-Authenticate"))
                .allSatisfy(c -> assertThat(c).contains("stale=false"));
    }

    @Test
    void aDeviceThatAuthenticatedGetsNewCredentialsOnlyWithItsCurrentOnes() {
        String mac = "da0000000004";
        Map<String, Object> rotating = profile("rotating", Map.of());
        rotating.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1015"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "first"), secret(DeviceFileGuard.PASSWORD, "first-pass")));
        created(ADMIN, rotating);
        String first = published(ADMIN, "rotating");
        device(mac, TENANT, "rotating");
        String firstCredentials = "/prov/" + mac + "/nvm/" + first + "/credentials.xml";

        // the first stage: a device that never authenticated has nothing to prove, so it is handed them
        RestAssured.given().get(firstCredentials).then().statusCode(200).body(containsString("first-pass"));
        answered(settings(mac, first), "first", "first-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        // it proved them: from now on its credentials file is no longer public
        RestAssured.given().get(firstCredentials).then().statusCode(401).body(emptyString());

        rotating.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1015"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "second"), secret(DeviceFileGuard.PASSWORD, "second-pass")));
        as(ADMIN).body(rotating).put("/api/v1/profiles/rotating").then().statusCode(200);
        String second = published(ADMIN, "rotating");
        String secondCredentials = "/prov/" + mac + "/nvm/" + second + "/credentials.xml";

        RestAssured.given().get(secondCredentials).then().statusCode(401).body(emptyString());
        // the new credentials are handed out only under the ones the device holds
        answered(secondCredentials, "second", "second-pass", Digest.Algorithm.SHA_256).then().statusCode(401);
        answered(secondCredentials, "first", "first-pass", Digest.Algorithm.SHA_256).then().statusCode(200)
                .body(containsString("second-pass"));
        answered(settings(mac, second), "second", "second-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        // once the device used the new ones, the old ones open nothing
        answered(settings(mac, second), "first", "first-pass", Digest.Algorithm.SHA_256).then().statusCode(401);
        answered(firstCredentials, "first", "first-pass", Digest.Algorithm.SHA_256).then().statusCode(401);
    }

    @Test
    void aDeviceHandedNewCredentialsKeepsItsOldOnesUntilItUsesTheNew() {
        String mac = "da0000000006";
        Map<String, Object> changing = profile("changing", Map.of());
        changing.put("parameters", List.of(Map.of("name", DeviceFileGuard.USERNAME, "value", "old"),
                secret(DeviceFileGuard.PASSWORD, "old-pass"), Map.of("name", "SIP.Account.0.AuthName", "value", "6")));
        created(ADMIN, changing);
        String first = published(ADMIN, "changing");
        device(mac, TENANT, "changing");
        answered(settings(mac, first), "old", "old-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        changing.put("parameters", List.of(Map.of("name", DeviceFileGuard.USERNAME, "value", "new"),
                secret(DeviceFileGuard.PASSWORD, "new-pass"), Map.of("name", "SIP.Account.0.AuthName", "value", "7")));
        as(ADMIN).body(changing).put("/api/v1/profiles/changing").then().statusCode(200);
        String second = published(ADMIN, "changing");
        answered("/prov/" + mac + "/nvm/" + second + "/credentials.xml", "old", "old-pass", Digest.Algorithm.SHA_256)
                .then().statusCode(200);
        // a phone that lost the file it was handed is not locked out
        answered(settings(mac, second), "old", "old-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        answered(settings(mac, second), "new", "new-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        answered(settings(mac, second), "old", "old-pass", Digest.Algorithm.SHA_256).then().statusCode(401);
    }

    @Test
    void anAuerswaldDeviceGetsNewCredentialsInTheSettingsItsCurrentOnesOpen() {
        String mac = "da0000000009";
        String path = "/prov/" + mac + "/settings.xml";
        Map<String, Object> desk = profile("desk", Map.of());
        desk.put("dialect", "auerswald");
        desk.put("parameters", List.of(Map.of("name", "sip.account.user", "value", "1021"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "desk-a"), secret(DeviceFileGuard.PASSWORD, "pass-a")));
        created(ADMIN, desk);
        published(ADMIN, "desk");
        device(mac, TENANT, "desk");
        // set on the phone by hand: the release's own credentials open its first fetch
        answered(path, "desk-a", "pass-a", Digest.Algorithm.SHA_256).then().statusCode(200);

        desk.put("parameters", List.of(Map.of("name", "sip.account.user", "value", "1021"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "desk-b"), secret(DeviceFileGuard.PASSWORD, "pass-b")));
        as(ADMIN).body(desk).put("/api/v1/profiles/desk").then().statusCode(200);
        published(ADMIN, "desk");
        answered(path, "desk-b", "pass-b", Digest.Algorithm.SHA_256).then().statusCode(401);
        answered(path, "desk-a", "pass-a", Digest.Algorithm.SHA_256).then().statusCode(200)
                .body(containsString("pass-b"));
        answered(path, "desk-b", "pass-b", Digest.Algorithm.SHA_256).then().statusCode(200);
        answered(path, "desk-a", "pass-a", Digest.Algorithm.SHA_256).then().statusCode(401);
    }

    @Test
    void forgettingADeviceOpensItsFirstStageAgainForItsOwnTenantOnly() {
        String mac = "da0000000007";
        Map<String, Object> reset = profile("reset", Map.of());
        reset.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1017"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "r"), secret(DeviceFileGuard.PASSWORD, "r-pass")));
        created(ADMIN, reset);
        String release = published(ADMIN, "reset");
        device(mac, TENANT, "reset");
        String credentials = "/prov/" + mac + "/nvm/" + release + "/credentials.xml";
        answered(settings(mac, release), "r", "r-pass", Digest.Algorithm.SHA_256).then().statusCode(200);
        RestAssured.given().get(credentials).then().statusCode(401);

        as(TestTokens.partnerAdmin("da-globex")).delete("/api/v1/device-auth/devices/" + mac).then().statusCode(204);
        RestAssured.given().get(credentials).then().statusCode(401);
        as(TestTokens.partner(TENANT, "partner")).delete("/api/v1/device-auth/devices/" + mac).then().statusCode(403);
        as(ADMIN).delete("/api/v1/device-auth/devices/not-a-mac").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("mac"));
        as(ADMIN).delete("/api/v1/device-auth/devices/DA:00:00:00:00:07").then().statusCode(204);
        RestAssured.given().get(credentials).then().statusCode(200).body(containsString("r-pass"));
    }

    @Test
    void maxwell11ServesNoSecretWithoutDigestAndHandsCredentialsOnlyInItsFirstStage() {
        String mac = "da0000000008";
        Map<String, Object> office = profile("m11-secured", Map.of());
        office.put("dialect", "maxwell-1.1");
        office.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1018"),
                secret("SIP.Account.0.AuthPassword", "sip-secret"),
                Map.of("name", DeviceFileGuard.USERNAME, "value", "m11"), secret(DeviceFileGuard.PASSWORD, "m11-pass")));
        created(ADMIN, office);
        published(ADMIN, "m11-secured");
        device(mac, TENANT, "m11-secured");

        String first = RestAssured.given().get("/prov/" + mac + "/provisioning.xml").then().statusCode(200)
                .extract().asString();
        assertThat(first).contains("SIP.Account.0.AuthName").doesNotContain("sip-secret").doesNotContain("m11-pass")
                .doesNotContain("HTTPAuth").contains("/credentials.xml");
        RestAssured.given().get("/prov/" + mac + "/" + mac + ".xml").then().statusCode(401).body(emptyString());
        RestAssured.given().get("/prov/" + mac + "/credentials.xml").then().statusCode(200)
                .body(containsString("m11-pass"));
        answered("/prov/" + mac + "/" + mac + ".xml", "m11", "m11-pass", Digest.Algorithm.SHA_256).then()
                .statusCode(200).body(containsString("sip-secret"));
        RestAssured.given().get("/prov/" + mac + "/credentials.xml").then().statusCode(401).body(emptyString());
    }

    @Test
    void publishingWithoutCredentialsUnderDigestWarnsAndWithThemDoesNot() {
        as(ADMIN).body(profile("warned", Map.of("SIP.Account.0.AuthName", "1019"))).post("/api/v1/profiles").then()
                .statusCode(201);
        as(ADMIN).post("/api/v1/profiles/warned/releases").then().statusCode(201)
                .body("warnings[0].code", equalTo("no_credentials"))
                .body("warnings[0].detail", containsString(DeviceFileGuard.PASSWORD));
        created(ADMIN, profile("credentialed", Map.of(DeviceFileGuard.USERNAME, "c", DeviceFileGuard.PASSWORD, "c")));
        as(ADMIN).post("/api/v1/profiles/credentialed/releases").then().statusCode(201)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("warnings")));
        String open = TestTokens.partnerAdmin("da-open");
        as(open).body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(200);
        created(open, profile("plain", Map.of("SIP.Account.0.AuthName", "1020")));
        as(open).post("/api/v1/profiles/plain/releases").then().statusCode(201)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("warnings")));
    }

    @Test
    void aProtectedFileOfAReleaseWithoutCredentialsIsNeverServed() {
        RestAssured.given().get(settings(BARE_MAC, bareUvc)).then().statusCode(401).body(emptyString());
        answered(settings(BARE_MAC, bareUvc), USER, PASSWORD, Digest.Algorithm.SHA_256).then().statusCode(401);
        RestAssured.given().get("/prov/" + BARE_MAC + "/provisioning.xml").then().statusCode(200);
    }

    @Test
    void theTenantChoosesAlgorithmsAndPublicFiles() {
        String tenant = "da-globex";
        String admin = TestTokens.partnerAdmin(tenant);
        created(admin, profile("md5-only", Map.of("SIP.Account.0.AuthName", "1016", DeviceFileGuard.USERNAME, USER,
                DeviceFileGuard.PASSWORD, PASSWORD)));
        String release = published(admin, "md5-only");
        device("da0000000005", tenant, "md5-only");
        as(admin).body(Map.of("mode", "digest", "publicFiles", List.of("provisioning.xml"), "algorithms",
                List.of("MD5"))).put("/api/v1/device-auth").then().statusCode(200)
                .body("publicFiles", contains("provisioning.xml")).body("algorithms", contains("MD5"));

        Response refused = RestAssured.given().get(settings("da0000000005", release));
        assertThat(refused.headers().getValues("WWW-Authenticate")).singleElement()
                .satisfies(c -> assertThat(c).contains("algorithm=MD5").contains("realm=\"telprov da-globex\""));
        RestAssured.given().get("/prov/da0000000005/nvm/updates.xml").then().statusCode(401).body(emptyString());
        // an algorithm the tenant does not offer is refused even with the right answer
        Map<String, String> challenge = challenge(settings("da0000000005", release), Digest.Algorithm.MD5);
        get(settings("da0000000005", release), authorization(Digest.Algorithm.SHA_256, USER, PASSWORD,
                settings("da0000000005", release), challenge.get("nonce"), "00000001", "telprov da-globex"))
                .then().statusCode(401);
        answered(settings("da0000000005", release), USER, PASSWORD, Digest.Algorithm.MD5).then().statusCode(200);
    }

    @Test
    void eachTenantSeesAndChangesOnlyItsOwnSetting() {
        as(TestTokens.partnerAdmin("da-initech")).body(Map.of("mode", "digest", "publicFiles",
                List.of("provisioning.xml", "custom/*.pem"))).put("/api/v1/device-auth").then().statusCode(200);
        as(TestTokens.partner("da-initech", "partner")).get("/api/v1/device-auth").then().statusCode(200)
                .body("mode", equalTo("digest")).body("publicFiles", contains("provisioning.xml", "custom/*.pem"));
        as(TestTokens.partner("da-umbrella", "partner")).get("/api/v1/device-auth").then().statusCode(200)
                .body("mode", equalTo("digest"));
        as(TestTokens.partnerAdmin("da-umbrella")).body(Map.of("mode", "off", "algorithms", List.of("SHA-256")))
                .put("/api/v1/device-auth").then().statusCode(200);
        as(TestTokens.partner("da-initech", "partner")).get("/api/v1/device-auth").then().statusCode(200)
                .body("mode", equalTo("digest")).body("algorithms", contains("SHA-256"));
        as(TestTokens.partner(TENANT, "partner")).get("/api/v1/device-auth").then().statusCode(200)
                .body("mode", equalTo("digest")).body("publicFiles", equalTo(DeviceAuthSettings.DEFAULT_PUBLIC_FILES));
    }

    @Test
    void onlyPartnerAdminsChangeIt() {
        String reader = TestTokens.partner(TENANT, "partner");
        as(reader).get("/api/v1/device-auth").then().statusCode(200).body("mode", equalTo("digest"));
        as(reader).body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().contentType("application/json").body(Map.of("mode", "off")).put("/api/v1/device-auth")
                .then().statusCode(401);
        as(TestTokens.partnerWithoutTenant()).body(Map.of("mode", "off")).put("/api/v1/device-auth").then()
                .statusCode(401).body("code", equalTo("missing_tenant_claim"));
        // the operator has no tenant to act for here
        as(TestTokens.operator()).get("/api/v1/device-auth").then().statusCode(403);
        // the refused change changed nothing
        RestAssured.given().get(settings(MAC, uvc)).then().statusCode(401);
    }

    @Test
    void anInvalidSettingIsA400ProblemNamingTheField() {
        Object[][] cases = {
                {Map.of("mode", "basic"), "mode"},
                {Map.of("mode", "digest", "publicFiles", List.of("provisioning.xml", "passwords.xml")), "publicFiles[1]"},
                {Map.of("mode", "digest", "algorithms", List.of("SHA-512")), "algorithms[0]"},
                {Map.of("mode", "digest", "algorithms", List.of()), "algorithms"},
                {Map.of("mode", "digest", "publicFiles", List.of("nvm/credentials.xml")), "publicFiles[0]"},
                {Map.of("mode", "digest", "publicFiles", List.of("provisioning.xml", "config.txt")), "publicFiles[1]"},
        };
        for (Object[] c : cases) {
            as(ADMIN).body(c[0]).put("/api/v1/device-auth").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("validation_failed"))
                    .body("errors[0].field", equalTo(c[1]));
        }
        as(ADMIN).body(Map.of("mode", "digest", "tenantId", "da-globex")).put("/api/v1/device-auth").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_body"));
        as(ADMIN).body("not json").put("/api/v1/device-auth").then().statusCode(400)
                .contentType("application/problem+json");
        as(ADMIN).get("/api/v1/device-auth").then().statusCode(200).body("mode", equalTo("digest"));
    }

    /** The challenge a request without credentials gets, for the algorithm. */
    private static Map<String, String> challenge(String path, Digest.Algorithm algorithm) {
        Response refused = RestAssured.given().urlEncodingEnabled(false).get(path);
        assertThat(refused.statusCode()).isEqualTo(401);
        return refused.headers().getValues("WWW-Authenticate").stream()
                .map(c -> Digest.credentials(c).orElseThrow())
                .filter(c -> c.get("algorithm").equals(algorithm.token()))
                .findFirst().orElseThrow();
    }

    /** A request answering a fresh challenge with the credentials, as a device does. */
    private static Response answered(String path, String user, String password, Digest.Algorithm algorithm) {
        Map<String, String> challenge = challenge(path, algorithm);
        return get(path, authorization(algorithm, user, password, path, challenge.get("nonce"), "00000001",
                challenge.get("realm")));
    }

    private static String authorization(Digest.Algorithm algorithm, String user, String password, String uri,
                                        String nonce, String nc, String realm) {
        String cnonce = "0a4f113b" + nc;
        String response = Digest.response(algorithm, user, realm, password, "GET", uri, nonce, nc, cnonce);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", uri=\"" + uri + "\", algorithm="
                + algorithm.token() + ", nonce=\"" + nonce + "\", nc=" + nc + ", cnonce=\"" + cnonce
                + "\", qop=auth, response=\"" + response + "\"";
    }

    private static Response get(String path, String authorization) {
        return RestAssured.given().urlEncodingEnabled(false).header("Authorization", authorization).get(path);
    }
}
