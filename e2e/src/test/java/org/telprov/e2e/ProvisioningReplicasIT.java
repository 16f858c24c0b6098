package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.platform.Platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the provisioning service on one database and one Kafka: a publish, rollback, pin, unpin, audience
 * widening, device move or device release is what every replica answers a device's next request with, within one
 * second (issue 20). Each test first asks both replicas for the device's files, so that whatever a replica keeps in
 * memory holds the old state, then makes the change through replica 1 (or inventory) and reads {@code nvm/updates.xml}
 * (which names the UVC of the release the device gets) from both.
 *
 * <p>The one-second deadline is a correctness bound from the issue (how stale a replica may be), not a performance
 * measurement: a replica kept current by events answers within milliseconds, a replica that serves what it cached
 * until a TTL runs out does not.
 */
class ProvisioningReplicasIT {

    /** How long after a change every replica may still answer the old state. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);
    private static final Pattern SETTINGS_UVC = Pattern.compile("version=\"([^\"]+)\" url=\"[^\"]*/settings\\.xml\"");

    private static Platform platform;
    private static Keycloak keycloak;
    private static String replica1;
    private static String replica2;

    @BeforeAll
    static void startPlatformWithTwoProvisioningReplicas() {
        platform = Platform.start(E2ePlatform.options("", List.of("inventory", "provisioning"))
                .build());
        replica1 = platform.serviceUrl("provisioning");
        replica2 = platform.startReplica("provisioning");
        keycloak = new Keycloak(platform.tokenUrl());

        inventory(keycloak.token("telprov-operator", "operator-secret"))
                .body(Map.of("id", "acme", "name", "Acme Telecom",
                        "provisioningUrlTemplate", replica1 + "/prov/<MACADR>/"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
        // each replica learns of the new tenant from inventory's events and refuses its token until then
        for (String replica : List.of(replica1, replica2)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    provisioning(replica).get("/api/v1/profiles").then().statusCode(200));
        }
        // what is measured is which release a device gets, not HTTP Digest
        provisioning(replica1).body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(200);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPublishIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("publish");
        String mac = deviceOnProfile("7c2f80a00001", "publish", first);

        String second = publish("publish", "");

        assertThat(second).isNotEqualTo(first);
        everyReplicaServesWithinASecond(mac, second);
    }

    @Test
    void aRollbackIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("rollback");
        String second = publish("rollback", "");
        String mac = deviceOnProfile("7c2f80a00002", "rollback", second);

        String rolledBack = publish("rollback", "?from=" + first);

        everyReplicaServesWithinASecond(mac, rolledBack);
    }

    @Test
    void aPinAndAnUnpinAreWhatEveryReplicaServesNext() {
        String first = profileWithRelease("pin");
        String second = publish("pin", "");
        String mac = deviceOnProfile("7c2f80a00003", "pin", second);

        provisioning(replica1).body(Map.of("uvc", first)).put("/api/v1/profiles/pin/pins/" + mac)
                .then().statusCode(201);
        everyReplicaServesWithinASecond(mac, first);

        provisioning(replica1).delete("/api/v1/profiles/pin/pins/" + mac).then().statusCode(204);
        everyReplicaServesWithinASecond(mac, second);
    }

    @Test
    void aWidenedAudienceIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("widen");
        String beta = publish("widen", "?label=beta");
        String mac = deviceOnProfile("7c2f80a00004", "widen", first);

        provisioning(replica1).body(Map.of("audience", "all")).patch("/api/v1/profiles/widen/releases/" + beta)
                .then().statusCode(200);

        everyReplicaServesWithinASecond(mac, beta);
    }

    @Test
    void aDeviceMovedToAnotherProfileGetsItsReleaseFromEveryReplica() {
        String from = profileWithRelease("move-from");
        String to = profileWithRelease("move-to");
        String mac = deviceOnProfile("7c2f80a00005", "move-from", from);

        inventory(partner()).body(Map.of("profile", "move-to")).put("/api/v1/devices/" + mac + "/profile")
                .then().statusCode(200);

        oneReplicaThenEveryReplicaServes(mac, to);
    }

    @Test
    void aReleasedDeviceGetsNothingFromAnyReplica() {
        String uvc = profileWithRelease("release");
        String mac = deviceOnProfile("7c2f80a00006", "release", uvc);

        inventory(partner()).delete("/api/v1/devices/" + mac).then().statusCode(204);

        oneReplicaThenEveryReplicaServes(mac, "404");
    }

    /**
     * Both replicas answer the device with the state within {@link #VISIBLE_WITHIN} of the change's API call having
     * returned (the caller calls this right after it).
     */
    private static void everyReplicaServesWithinASecond(String mac, String expected) {
        await("every replica serves " + expected + " to " + mac + " within " + VISIBLE_WITHIN.toMillis() + " ms")
                .atMost(VISIBLE_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(List.of(served(replica1, mac), served(replica2, mac)))
                        .as("what replica 1 and replica 2 serve").containsOnly(expected));
    }

    /**
     * A change made in inventory reaches the replicas through its outbox and Kafka, whose delay is not the replicas'
     * business: once one replica serves the new state, every replica must within {@link #VISIBLE_WITHIN}.
     */
    private static void oneReplicaThenEveryReplicaServes(String mac, String expected) {
        await("a replica serves " + expected + " to " + mac).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> served(replica1, mac).equals(expected) || served(replica2, mac).equals(expected));
        everyReplicaServesWithinASecond(mac, expected);
    }

    /** The UVC of the settings file a replica names in the device's nvm/updates.xml, or the status if not 200. */
    private static String served(String replica, String mac) {
        Response response = RestAssured.given().baseUri(replica).get("/prov/" + mac + "/nvm/updates.xml");
        if (response.statusCode() != 200) {
            return String.valueOf(response.statusCode());
        }
        Matcher uvc = SETTINGS_UVC.matcher(response.asString());
        return uvc.find() ? uvc.group(1) : "no settings file in " + response.asString();
    }

    /** Creates a Maxwell 1.0 profile through replica 1, publishes it and returns the release's UVC. */
    private static String profileWithRelease(String name) {
        provisioning(replica1).body(Map.of("name", name, "parameters", List.of(
                        Map.of("name", "SIP.Account.0.AuthName", "value", name))))
                .post("/api/v1/profiles").then().statusCode(201);
        return publish(name, "");
    }

    private static String publish(String profile, String query) {
        return provisioning(replica1).post("/api/v1/profiles/" + profile + "/releases" + query)
                .then().statusCode(201).extract().path("uvc");
    }

    /**
     * Registers the device on the profile through inventory, waits until both replicas serve it the release, and
     * leaves both having just answered it.
     */
    private static String deviceOnProfile(String mac, String profile, String uvc) {
        inventory(partner()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "profile", profile))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(List.of(served(replica1, mac), served(replica2, mac))).containsOnly(uvc));
        return mac;
    }

    private static String partner() {
        return keycloak.token("partner-acme", "acme-secret");
    }

    private static RequestSpecification provisioning(String replica) {
        return RestAssured.given().baseUri(replica).auth().oauth2(partner()).contentType(ContentType.JSON);
    }

    private static RequestSpecification inventory(String token) {
        return RestAssured.given().baseUri(platform.serviceUrl("inventory"))
                .auth().oauth2(token).contentType(ContentType.JSON);
    }
}
