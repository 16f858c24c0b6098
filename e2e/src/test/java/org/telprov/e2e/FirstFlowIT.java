package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.platform.Platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The first flow over the real parts: the packaged services on PostgreSQL, a Kafka broker process and Keycloak. An
 * operator creates tenants, a partner registers a device through the OIDC-protected API, inventory publishes it through
 * its outbox, the redirect service builds its read model from the topic, and a phone asking by MAC is sent to its
 * tenant's provisioning URL. Every service exports its traces to a stand-in collector.
 */
class FirstFlowIT {

    private static OtlpCollector collector;
    private static Platform platform;
    private static Keycloak keycloak;

    @BeforeAll
    static void startPlatform() {
        collector = new OtlpCollector();
        platform = E2ePlatform.start(E2ePlatform.options("", List.of("inventory", "redirect", "provisioning", "firmware"))
                .serviceEnvironment(collector.serviceEnvironment())
                .build());
        keycloak = new Keycloak(platform.tokenUrl());

        RequestSpecification operator = inventory(keycloak.token("telprov-operator", "operator-secret"));
        operator.body(Map.of("id", "acme", "name", "Acme Telecom",
                        "provisioningUrlTemplate", "https://prov.acme.example/<MACADR>/settings.xml"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
        // globex's phones are sent to this platform's provisioning service
        operator.body(Map.of("id", "globex", "name", "Globex Telecom",
                        "provisioningUrlTemplate", platform.serviceUrl("provisioning") + "/prov/<MACADR>/"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void onePartnerCallIsOneTraceFromTheApiThroughKafkaToTheRedirectServicesProjection() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        inventory(keycloak.token("partner-acme", "acme-secret"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(Map.of("mac", "90:1b:0e:56:c7:c1", "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices")
                .then().statusCode(201);

        // the API call's spans from inventory, and from the redirect service the span that applied its event: one id
        byte[] id = HexFormat.of().parseHex(traceId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(collector.exported(id, "inventory", "/api/v1/devices")).as("inventory's spans").isTrue();
            assertThat(collector.exported(id, "redirect", "inventory-devices process")).as("redirect's projection")
                    .isTrue();
        });
    }

    @Test
    void aDeviceRegisteredByAPartnerIsRedirectedToItsTenantsProvisioningUrl() {
        inventory(keycloak.token("partner-acme", "acme-secret"))
                .body(Map.of("mac", "90:1b:0e:56:c7:bc", "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices")
                .then().statusCode(201).body("mac", equalTo("901b0e56c7bc"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                redirect().get("/device/901b0e56c7bc")
                        .then().statusCode(302)
                        .header("Location", "https://prov.acme.example/901B0E56C7BC/settings.xml"));

        redirect().get("/device/90-1b-0e-56-c7-bd").then().statusCode(404).body(emptyString());
    }

    @Test
    void theLogLinesOfATracedRequestCarryItsTraceId() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        inventory(keycloak.token("partner-acme", "acme-secret"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType("text/csv").body("mac,vendor,model\n901b0e56c7c2,gigaset-maxwell,mx3b\n")
                .post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(1));

        // the services log JSON in production; an import logs one line, written while its request's span is current
        Path log = platform.dataDir().resolve("logs").resolve("inventory.log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(log))
                .anyMatch(line -> line.contains("import of 1 rows") && line.contains("\"traceId\":\"" + traceId + "\"")));
    }

    @Test
    void aPartnerOfAnotherTenantCanNeitherSeeNorClaimTheDevice() {
        inventory(keycloak.token("partner-acme", "acme-secret"))
                .body(Map.of("mac", "000b820c2371", "vendor", "plug-n-dial", "model", "generic"))
                .post("/api/v1/devices")
                .then().statusCode(201);

        RequestSpecification globex = inventory(keycloak.token("partner-globex", "globex-secret"));
        globex.get("/api/v1/devices/000b820c2371").then().statusCode(404);
        globex.body(Map.of("mac", "00:0B:82:0C:23:71", "vendor", "plug-n-dial", "model", "generic"))
                .post("/api/v1/devices")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("owned_by_other_tenant"))
                .body(not(containsString("acme")));

        inventory(keycloak.token("partner-acme-readonly", "acme-readonly-secret"))
                .body(Map.of("mac", "000b820c2372", "vendor", "plug-n-dial", "model", "generic"))
                .post("/api/v1/devices")
                .then().statusCode(403);
        inventory(keycloak.token("partner-acme-readonly", "acme-readonly-secret"))
                .get("/api/v1/devices/000b820c2371")
                .then().statusCode(200).body("vendor", equalTo("plug-n-dial"));
    }

    @Test
    void aTokenKeycloakDidNotSignIsRefused() {
        String token = keycloak.token("partner-acme", "acme-secret");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        inventory(forged).get("/api/v1/devices/000b820c2371").then().statusCode(401);
        RestAssured.given().get(platform.serviceUrl("inventory") + "/api/v1/devices/000b820c2371").then().statusCode(401);
    }

    @Test
    void aDeviceDownloadsItsFirmwareThroughASignedLinkAndInventoryRecordsIt() {
        String acme = keycloak.token("partner-acme", "acme-secret");
        inventory(acme).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/7c2f80e0f5a7").then().statusCode(201);
        byte[] image = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(image);
        // firmware learns of a new tenant from inventory's events, and refuses its token until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                RestAssured.given().baseUri(platform.serviceUrl("firmware")).auth().oauth2(acme)
                        .get("/api/v1/firmware/artifacts").then().statusCode(200));

        String id = RestAssured.given().baseUri(platform.serviceUrl("firmware")).auth().oauth2(acme)
                .contentType("application/octet-stream").body(image)
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "2.11.0")
                .post("/api/v1/firmware/artifacts")
                .then().statusCode(201).extract().path("id");
        String link = RestAssured.given().baseUri(platform.serviceUrl("firmware")).auth().oauth2(acme)
                .contentType(ContentType.JSON).body(Map.of("mac", "7c:2f:80:e0:f5:a7"))
                .post("/api/v1/firmware/artifacts/" + id + "/links")
                .then().statusCode(200).extract().path("path");

        byte[] downloaded = RestAssured.given().baseUri(platform.serviceUrl("firmware"))
                .header("User-Agent", "Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F80E0F5A7")
                .get(link).then().statusCode(200).extract().asByteArray();
        org.assertj.core.api.Assertions.assertThat(downloaded).isEqualTo(image);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                inventory(acme).get("/api/v1/devices/7c2f80e0f5a7")
                        .then().statusCode(200)
                        .body("checkin.lastService", equalTo("firmware"))
                        .body("checkin.lastFirmware", equalTo("2.11.0")));
    }

    @Test
    void aMaxwellPhoneFollowsTheRedirectFetchesItsReleaseAndInventoryRecordsTheUvc() {
        String globex = keycloak.token("partner-globex", "globex-secret");
        java.util.function.Supplier<RequestSpecification> provisioning = () -> RestAssured.given()
                .baseUri(platform.serviceUrl("provisioning")).auth().oauth2(globex).contentType(ContentType.JSON);
        provisioning.get().body(Map.of("name", "office", "parameters", List.of(
                        Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                        Map.of("name", "SIP.Account.0.AuthPassword", "value", "s3cret", "secret", true))))
                .post("/api/v1/profiles").then().statusCode(201);
        // globex never configured device authentication: it is on, so a release without credentials is published
        // with a warning and its settings are refused; globex then chooses to serve its files without Digest
        String uvc = provisioning.get().post("/api/v1/profiles/office/releases").then().statusCode(201)
                .body("warnings[0].code", equalTo("no_credentials")).extract().path("uvc");
        provisioning.get().body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(200);
        inventory(globex).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "profile", "office"))
                .put("/api/v1/devices/901b0e56c7be").then().statusCode(201);

        // the phone: where is my provisioning server?
        String[] location = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                location[0] = redirect().get("/device/901b0e56c7be").then().statusCode(302).extract().header("Location"));
        // provisioning.xml → the nvm category's updates.xml → the settings file, with the same UVC in steps 2 and 3
        String[] nvmUpdates = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                nvmUpdates[0] = RestAssured.given().get(location[0]).then().statusCode(200).extract().xmlPath()
                        .getString("provisioning.category.find { it.@type == 'nvm' }.@url"));
        io.restassured.path.xml.XmlPath updates = RestAssured.given().get(nvmUpdates[0]).then().statusCode(200)
                .extract().xmlPath();
        assertThat(updates.getString("nvm.@macAddress")).isEqualTo("90:1b:0e:56:c7:be");
        assertThat(updates.getString("nvm.file.@version")).isEqualTo(uvc);
        RestAssured.given().get(updates.getString("nvm.file.@url")).then().statusCode(200)
                .body("settings.param.find { it.@name == 'SIP.Account.0.AuthName' }.@value", equalTo("1012"))
                .body("settings.param.find { it.@name == 'SIP.Account.0.AuthPassword' }.@value", equalTo("s3cret"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                inventory(globex).get("/api/v1/devices/901b0e56c7be")
                        .then().body("checkin.lastService", equalTo("provisioning"))
                        .body("checkin.lastUvc", equalTo(uvc)));
    }

    @Test
    void everyServiceIsHealthyOnTheRealInfrastructure() {
        for (String service : platform.services()) {
            RestAssured.given().get(platform.serviceUrl(service) + "/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    private static RequestSpecification inventory(String token) {
        return RestAssured.given().baseUri(platform.serviceUrl("inventory"))
                .auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static RequestSpecification redirect() {
        return RestAssured.given().baseUri(platform.serviceUrl("redirect")).redirects().follow(false);
    }
}
