package org.telprov.provisioning.file;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** A release naming a firmware channel renders the artifact the channel points at, from the firmware service's events. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FirmwareChannelTest {

    private static final String ADMIN = TestTokens.partnerAdmin("fw-acme");
    private static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
    private static final String VENDOR = "cccccccc-0000-0000-0000-000000000003";

    @Test
    void aChannelResolvesToTheTenantsArtifactThenThePlatformsAndFollowsItsMoves() {
        channels("fw-acme", "mx-fw", Map.of("stable", A), 1);
        channels(null, "mx-fw", Map.of("beta", VENDOR, "stable", VENDOR), 1);
        Map<String, Object> stable = profile("fw-stable", Map.of("A", "1"));
        stable.put("firmware", Map.of("vendor", "gigaset-maxwell", "product", "mx-fw", "channel", "stable"));
        created(ADMIN, stable);
        published(ADMIN, "fw-stable");
        Map<String, Object> beta = profile("fw-beta", Map.of("A", "1"));
        beta.put("firmware", Map.of("vendor", "gigaset-maxwell", "product", "mx-fw", "channel", "beta"));
        created(ADMIN, beta);
        published(ADMIN, "fw-beta");
        Map<String, Object> nightly = profile("fw-nightly", Map.of("A", "1"));
        nightly.put("firmware", Map.of("vendor", "gigaset-maxwell", "product", "mx-fw", "channel", "nightly"));
        created(ADMIN, nightly);
        published(ADMIN, "fw-nightly");
        device("901b0e56f001", "fw-acme", "fw-stable");
        device("901b0e56f002", "fw-acme", "fw-beta");
        device("901b0e56f003", "fw-acme", "fw-nightly");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.given().get("/prov/901b0e56f001/firmware/updates.xml").then().statusCode(200)
                        .body(containsString("/firmware/download/" + A + "?tenant=fw-acme&amp;mac=901b0e56f001&amp;")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.given().get("/prov/901b0e56f002/firmware/updates.xml").then().statusCode(200)
                        .body(containsString("/firmware/download/" + VENDOR + "?")));
        RestAssured.given().get("/prov/901b0e56f003/firmware/updates.xml").then().statusCode(404);

        channels("fw-acme", "mx-fw", Map.of("stable", B), 2);
        channels("fw-acme", "mx-fw", Map.of("stable", A), 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.given().get("/prov/901b0e56f001/firmware/updates.xml").then().statusCode(200)
                        .body(containsString("/firmware/download/" + B + "?")));
        RestAssured.given().get("/prov/901b0e56f001/provisioning.xml").then()
                .body(containsString("type=\"firmware\""));
    }

    private static void channels(String tenant, String product, Map<String, String> channels, long version) {
        Map<String, FirmwareArtifactRef> refs = new java.util.TreeMap<>();
        channels.forEach((name, id) -> refs.put(name, new FirmwareArtifactRef(id, "1." + version, 10, "0".repeat(64),
                "0".repeat(32))));
        String key = FirmwareChannels.productKey(tenant, "gigaset-maxwell", product);
        EventEnvelope event = FirmwareChannels.UPDATED.envelope(new FirmwareChannels(tenant, "gigaset-maxwell", product,
                refs, channels.keySet().iterator().next(), version), Instant.now());
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS, key, EventCodec.toJson(event));
    }
}
