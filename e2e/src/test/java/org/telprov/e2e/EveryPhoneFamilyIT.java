package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.DhcpOptions;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.Step;
import org.telprov.platform.Platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Phones of every family provisioned to completion over the real platform (the four packaged services, PostgreSQL, a
 * Kafka broker process, Keycloak), driven by the phone simulator exactly as a phone would go: the redirect service,
 * then its tenant's provisioning files, firmware through signed links, HTTP Digest where the tenant asks for it. Then
 * a new release, a rollback, the other tenant's partner trying to reach any of it, and inventory's record of what
 * every device fetched.
 */
class EveryPhoneFamilyIT {

    private static final String MAXWELL_10 = "7c2f80a00010";
    private static final String MAXWELL_11 = "7c2f80a00011";
    private static final String AUERSWALD = "000952a00012";
    private static final String PLUG_N_DIAL = "000b82a00013";

    private static Platform platform;
    private static Keycloak keycloak;
    private static String acme;
    private static final String FIRMWARE_VERSION = "2.11.0";
    private static String maxwellImage;
    private static final Map<String, String> uvcs = new LinkedHashMap<>();

    @TempDir
    static Path phones;

    @BeforeAll
    static void startPlatformAndProvision() {
        platform = E2ePlatform.start(E2ePlatform.options("-families",
                        List.of("inventory", "redirect", "provisioning", "firmware"))
                .build());
        keycloak = new Keycloak(platform.tokenUrl());
        String template = platform.serviceUrl("provisioning") + "/prov/{mac}/";
        RequestSpecification operator = inventory(keycloak.token("telprov-operator", "operator-secret"));
        for (String tenant : List.of("acme", "globex")) {
            operator.body(Map.of("id", tenant, "name", tenant, "provisioningUrlTemplate", template))
                    .post("/api/v1/tenants").then().statusCode(201);
        }
        acme = keycloak.token("partner-acme", "acme-secret");
        // provisioning and firmware learn of new tenants from inventory's events, and refuse their tokens until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            provisioning(acme).get("/api/v1/profiles").then().statusCode(200);
            firmware(acme).get("/api/v1/firmware/artifacts").then().statusCode(200);
        });

        // Firmware for the Maxwell and the Plug-n-Dial phones, moving each product's "latest" channel.
        maxwellImage = upload("gigaset-maxwell", "mx3b", FIRMWARE_VERSION);
        upload("leadtek", "bva8051", "1.4.2");

        // One profile per dialect, each published, and a device of each family on it.
        profile("office-10", "maxwell-1.0", Map.of(
                "parameters", List.of(parameter("SIP.Account.0.AuthName", "1010"),
                        secret("SIP.Account.0.AuthPassword", "sip-pass-10"),
                        parameter("System.Security.HTTPAuthUsername", "acme-phone"),
                        secret("System.Security.HTTPAuthPassword", "digest-pass-10")),
                "firmware", Map.of("vendor", "gigaset-maxwell", "product", "mx3b", "channel", "latest"),
                "certificates", List.of(Map.of("name", "acme-ca", "data", caPem()))));
        profile("office-11", "maxwell-1.1", Map.of(
                "parameters", List.of(parameter("SIP.Account.0.AuthName", "1011"),
                        parameter("System.Security.HTTPAuthUsername", "acme-phone"),
                        secret("System.Security.HTTPAuthPassword", "digest-pass-11")),
                "overrides", Map.of(MAXWELL_11, List.of(parameter("SIP.Account.0.DisplayName", "Reception 1011")))));
        profile("desk-auerswald", "auerswald", Map.of(
                "parameters", List.of(parameter("sip.account.displayName", "Desk 1012"),
                        parameter("System.Security.HTTPAuthUsername", "acme-desk"),
                        secret("System.Security.HTTPAuthPassword", "digest-pass-12")),
                "operations", List.of(Map.of("op", "add", "path", "/sip/account/", "xml", "<ringtone>3</ringtone>")),
                "references", List.of("/prov/<MACADR>/settings.xml?again=1")));
        profile("pnd", "plug-n-dial", Map.of(
                "parameters", List.of(parameter("SIP_User", "1013"), parameter("SIP_Proxy", "sip.acme.example"),
                        parameter("System.Security.HTTPAuthUsername", "acme-pnd"),
                        secret("System.Security.HTTPAuthPassword", "digest-pass-13")),
                "firmware", Map.of("vendor", "leadtek", "product", "bva8051", "channel", "latest")));
        device(MAXWELL_10, "gigaset-maxwell", "mx3b", "office-10");
        device(MAXWELL_11, "gigaset-maxwell", "mx3b", "office-11");
        device(AUERSWALD, "auerswald", "D200", "desk-auerswald");
        device(PLUG_N_DIAL, "leadtek", "BVA8051", "pnd");

        // acme never configured device authentication, so its files need Digest (SHA-256): the first files are public,
        // Maxwell phones are handed their credentials once (the first stage), the others come with them.
        provisioning(acme).get("/api/v1/device-auth").then().statusCode(200).body("mode", equalTo("digest"));

        // The redirect service and provisioning learn about the devices through Kafka.
        for (String mac : List.of(MAXWELL_10, MAXWELL_11, AUERSWALD, PLUG_N_DIAL)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    RestAssured.given().redirects().follow(false).get(platform.serviceUrl("redirect") + "/device/" + mac)
                            .then().statusCode(302));
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aMaxwell10PhoneGetsFirmwareSettingsAndCertificateAndASecondBootDownloadsNothing() {
        Report first = boot(Family.MAXWELL_1_0, MAXWELL_10, options(MAXWELL_10));
        assertThat(first.uvc()).isEqualTo(uvcs.get("office-10"));
        assertThat(first.params()).containsEntry("SIP.Account.0.AuthName", "1010")
                .containsEntry("SIP.Account.0.AuthPassword", "sip-pass-10");
        assertThat(first.files("firmware")).hasSize(1);
        assertThat(first.files("certificate")).hasSize(1);
        // the phone proved the credentials it was handed: nobody gets them any more without them
        RestAssured.given().get(platform.serviceUrl("provisioning") + "/prov/" + MAXWELL_10 + "/nvm/"
                + uvcs.get("office-10") + "/credentials.xml").then().statusCode(401);

        Report second = boot(Family.MAXWELL_1_0, MAXWELL_10, options(MAXWELL_10));
        assertThat(second.files("settings")).as(second.text()).isEmpty();
        assertThat(second.files("firmware")).isEmpty();
        assertThat(second.files("certificate")).isEmpty();

        inventoryRecords(MAXWELL_10, uvcs.get("office-10"), FIRMWARE_VERSION);
    }

    @Test
    void settingsNeedTheDigestCredentialsTheFirstFileGave() {
        String settings = platform.serviceUrl("provisioning") + "/prov/" + MAXWELL_10 + "/nvm/" + uvcs.get("office-10")
                + "/settings.xml";
        RestAssured.given().get(settings).then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Digest "));
        RestAssured.given().get(platform.serviceUrl("provisioning") + "/prov/" + MAXWELL_10 + "/provisioning.xml")
                .then().statusCode(200);
    }

    @Test
    void aMaxwell11PhoneFollowsTheRedirectStepWithTheCredentialsItWasGiven() {
        Report report = boot(Family.MAXWELL_1_1, MAXWELL_11, options(MAXWELL_11));
        assertThat(report.uvc()).isEqualTo(uvcs.get("office-11"));
        assertThat(report.params()).containsEntry("SIP.Account.0.AuthName", "1011")
                .containsEntry("SIP.Account.0.DisplayName", "Reception 1011");
        assertThat(report.steps()).anySatisfy(step -> assertThat(step.status()).isEqualTo(401));
        // the public first file carries no secret and no credential
        RestAssured.given().get(platform.serviceUrl("provisioning") + "/prov/" + MAXWELL_11 + "/provisioning.xml")
                .then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "digest-pass-11")));
        inventoryRecords(MAXWELL_11, uvcs.get("office-11"), null);
    }

    @Test
    void anAuerswaldPhoneResolvesItsReferenceFile() {
        Report report = boot(Family.AUERSWALD, AUERSWALD, options(AUERSWALD).toBuilder().type("D200")
                .auth(new Credentials("acme-desk", "digest-pass-12")).build());
        assertThat(report.files("references")).hasSize(1);
        assertThat(report.files("settings")).as(report.text()).hasSize(2);
        assertThat(report.params()).containsEntry("sip.account.displayName", "Desk 1012");
        // the operations file, listed after the patch, needs Digest as the patch does and adds to what it left
        assertThat(report.files("operations")).as(report.text()).hasSize(1);
        assertThat(report.params()).containsEntry("sip.account.ringtone", "3");
        inventoryRecords(AUERSWALD, uvcs.get("desk-auerswald"), null);
    }

    @Test
    void anAuerswaldPhoneBootsFromTheOptionFortyThreeInventoryGivesTheOperator() {
        String option43 = inventory(keycloak.token("telprov-operator", "operator-secret"))
                .get("/api/v1/tenants/acme/dhcp-options/auerswald")
                .then().statusCode(200).extract().path("option43");
        // a factory-new phone (no state) that never asks the redirect service
        Report report = boot(Family.AUERSWALD, AUERSWALD, PhoneOptions.builder().mac(AUERSWALD)
                .dhcp(DhcpOptions.fromOption43(option43)).type("D200")
                .auth(new Credentials("acme-desk", "digest-pass-12")).timeout(Duration.ofSeconds(20)).build());
        assertThat(report.steps().stream().filter(Step::isRequest).map(Step::url).findFirst()).as(report.text())
                .contains(platform.serviceUrl("provisioning") + "/prov/" + AUERSWALD.toUpperCase() + "/");
        assertThat(report.params()).containsEntry("sip.account.displayName", "Desk 1012");
    }

    @Test
    void aPlugNDialPhoneChecksTheMd5AndFetchesItsImage() {
        PhoneOptions options = options(PLUG_N_DIAL).toBuilder().oem("leadtek").model("BVA8051")
                .auth(new Credentials("acme-pnd", "digest-pass-13")).build();
        Report first = boot(Family.PLUG_N_DIAL, PLUG_N_DIAL, options);
        assertThat(first.params()).containsEntry("SIP_User", "1013");
        assertThat(first.files("firmware")).hasSize(1);

        Report second = boot(Family.PLUG_N_DIAL, PLUG_N_DIAL, options);
        assertThat(second.files("config")).as(second.text()).isEmpty();
        assertThat(second.files("firmware")).isEmpty();
        inventoryRecords(PLUG_N_DIAL, uvcs.get("pnd"), "1.4.2");
    }

    @Test
    void aNewReleaseIsPickedUpOnTheNextBootAndARollbackBringsTheOldValuesUnderANewUvc() {
        String mac = "7c2f80a00021";
        profile("rollout", "maxwell-1.0", Map.of("parameters", rollout("2000")));
        device(mac, "gigaset-maxwell", "mx3b", "rollout");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(boot(Family.MAXWELL_1_0, mac, options(mac)).uvc()).isEqualTo(uvcs.get("rollout")));
        String original = uvcs.get("rollout");

        provisioning(acme).body(Map.of("dialect", "maxwell-1.0", "parameters", rollout("2001")))
                .put("/api/v1/profiles/rollout").then().statusCode(200);
        String second = publish("rollout");
        Report updated = boot(Family.MAXWELL_1_0, mac, options(mac));
        assertThat(updated.uvc()).isEqualTo(second);
        assertThat(updated.params()).containsEntry("SIP.Account.0.AuthName", "2001");

        String rolledBack = provisioning(acme).queryParam("from", original).post("/api/v1/profiles/rollout/releases")
                .then().statusCode(201).extract().path("uvc");
        Report restored = boot(Family.MAXWELL_1_0, mac, options(mac));
        assertThat(rolledBack).isGreaterThan(second);
        assertThat(restored.uvc()).isEqualTo(rolledBack);
        assertThat(restored.params()).containsEntry("SIP.Account.0.AuthName", "2000");
    }

    @Test
    void theOtherTenantsPartnerCanNeitherSeeNorTouchAnyOfIt() {
        String globex = keycloak.token("partner-globex", "globex-secret");
        inventory(globex).get("/api/v1/devices/" + MAXWELL_10).then().statusCode(404);
        inventory(globex).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/" + MAXWELL_10).then().statusCode(409);
        inventory(globex).delete("/api/v1/devices/" + MAXWELL_10).then().statusCode(404);
        provisioning(globex).get("/api/v1/profiles/office-10").then().statusCode(404);
        provisioning(globex).get("/api/v1/profiles/office-10/releases").then().statusCode(404);
        provisioning(globex).post("/api/v1/profiles/office-10/releases").then().statusCode(404);
        provisioning(globex).delete("/api/v1/profiles/office-10").then().statusCode(404);
        List<String> theirs = firmware(globex).get("/api/v1/firmware/artifacts").then().statusCode(200)
                .extract().path("items.vendor");
        assertThat(theirs).doesNotContain("leadtek", "gigaset-maxwell");
        firmware(globex).get("/api/v1/firmware/artifacts/" + maxwellImage).then().statusCode(404);
        firmware(globex).delete("/api/v1/firmware/artifacts/" + maxwellImage).then().statusCode(404);
        firmware(acme).get("/api/v1/firmware/artifacts/" + maxwellImage).then().statusCode(200);
        // acme's profile still stands
        provisioning(acme).get("/api/v1/profiles/office-10").then().statusCode(200);
    }

    /** Inventory learnt from the check-ins which release and firmware the device has, and when it was last seen. */
    private static void inventoryRecords(String mac, String uvc, String firmware) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                inventory(acme).get("/api/v1/devices/" + mac).then().statusCode(200)
                        .body("checkin.lastSeen", org.hamcrest.Matchers.notNullValue())
                        .body("checkin.lastUvc", equalTo(uvc))
                        .body("checkin.lastFirmware", equalTo(firmware)));
    }

    private static Report boot(Family family, String mac, PhoneOptions options) {
        Report report = PhoneSimulator.run(family, options);
        assertThat(report.ok()).as(report.text()).isTrue();
        return report;
    }

    private static PhoneOptions options(String mac) {
        return PhoneOptions.builder().mac(mac).redirect(URI.create(platform.serviceUrl("redirect")))
                .stateDir(phones).timeout(Duration.ofSeconds(20)).build();
    }

    private static String upload(String vendor, String product, String version) {
        byte[] image = new byte[64 * 1024];
        new Random(version.hashCode()).nextBytes(image);
        return firmware(acme).contentType("application/octet-stream").body(image)
                .queryParam("vendor", vendor).queryParam("product", product).queryParam("version", version)
                .post("/api/v1/firmware/artifacts").then().statusCode(201).extract().path("id");
    }

    private static void profile(String name, String dialect, Map<String, Object> content) {
        Map<String, Object> body = new LinkedHashMap<>(content);
        body.put("name", name);
        body.put("dialect", dialect);
        provisioning(acme).body(body).post("/api/v1/profiles").then().statusCode(201);
        uvcs.put(name, publish(name));
    }

    private static String publish(String profile) {
        String uvc = provisioning(acme).post("/api/v1/profiles/" + profile + "/releases").then().statusCode(201)
                .extract().path("uvc");
        uvcs.put(profile, uvc);
        return uvc;
    }

    private static void device(String mac, String vendor, String model, String profile) {
        inventory(acme).body(Map.of("vendor", vendor, "model", model, "profile", profile))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
    }

    /** A release with the tenant's Digest credentials, which its protected files need. */
    private static List<Map<String, Object>> rollout(String authName) {
        return List.of(parameter("SIP.Account.0.AuthName", authName),
                parameter("System.Security.HTTPAuthUsername", "acme-phone"),
                secret("System.Security.HTTPAuthPassword", "digest-pass-20"));
    }

    private static Map<String, Object> parameter(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    private static Map<String, Object> secret(String name, String value) {
        return Map.of("name", name, "value", value, "secret", true);
    }

    private static RequestSpecification inventory(String token) {
        return api("inventory", token);
    }

    private static RequestSpecification provisioning(String token) {
        return api("provisioning", token);
    }

    private static RequestSpecification firmware(String token) {
        return api("firmware", token);
    }

    private static RequestSpecification api(String service, String token) {
        return RestAssured.given().baseUri(platform.serviceUrl(service)).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String caPem() {
        try (var in = EveryPhoneFamilyIT.class.getResourceAsStream("/ca.pem")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
