package org.telprov.inventory.device;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceLifecycleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void tenants() {
        ensureTenant("acme");
        ensureTenant("globex");
    }

    @Test
    void aRepeatedPutChangesNothingAndAChangedOneIsPublishedAsAnUpdate() {
        Map<String, Object> device = Map.of("vendor", "auerswald-comfortel", "model", "D200", "serial", "S1",
                "labels", List.of("pilot", "floor-2"));

        as(TestTokens.partnerAdmin("acme")).body(device).put("/api/v1/devices/0d0000000001")
                .then().statusCode(201).body("labels", equalTo(List.of("floor-2", "pilot")));
        as(TestTokens.partnerAdmin("acme")).body(device).put("/api/v1/devices/0D:00:00:00:00:01")
                .then().statusCode(200);
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "auerswald-comfortel", "model", "D200", "serial", "S2"))
                .put("/api/v1/devices/0d0000000001")
                .then().statusCode(200).body("serial", equalTo("S2"), "labels", hasSize(0));

        List<EventEnvelope> events = events("0d0000000001", 2);
        assertThat(events).extracting(EventEnvelope::type)
                .containsExactly(DeviceSnapshot.REGISTERED.type(), DeviceSnapshot.UPDATED.type());
        assertThat(EventCodec.payload(events.get(1), DeviceSnapshot.class).version()).isEqualTo(2);
        assertThat(EventCodec.payload(events.get(1), DeviceSnapshot.class).serial()).isEqualTo("S2");
    }

    @Test
    void aPutWhoseBodyNamesAnotherMacIsRefused() {
        as(TestTokens.partnerAdmin("acme")).body(Map.of("mac", "0d00000000ff", "vendor", "v", "model", "m"))
                .put("/api/v1/devices/0d0000000002")
                .then().statusCode(400).body("code", equalTo("mac_mismatch"));
    }

    @Test
    void movingToAnotherProfileIsAuditedWithBeforeAndAfter() {
        register("acme", "0d0000000003");

        as(TestTokens.partnerAdmin("acme")).body(Map.of("profile", "sales-floor"))
                .put("/api/v1/devices/0d0000000003/profile")
                .then().statusCode(200).body("profile", equalTo("sales-floor"));

        as(TestTokens.partner("acme", "partner")).queryParam("mac", "0d0000000003").get("/api/v1/audit")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("move", "claim"))).body("total", equalTo(2))
                .body("items[0].before.profile", nullValue())
                .body("items[0].after.profile", equalTo("sales-floor"))
                .body("items[0].actor", equalTo("partner-acme"));
    }

    @Test
    void aReleasedMacCanBeClaimedByAnotherTenantAndItsVersionsKeepRising() {
        register("acme", "0d0000000004");
        as(TestTokens.partnerAdmin("acme")).delete("/api/v1/devices/0d0000000004").then().statusCode(204);
        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/0d0000000004").then().statusCode(404);
        as(TestTokens.partnerAdmin("acme")).delete("/api/v1/devices/0d0000000004").then().statusCode(404);

        register("globex", "0d0000000004");

        List<EventEnvelope> events = events("0d0000000004", 3);
        assertThat(events).extracting(EventEnvelope::type).containsExactly(
                DeviceSnapshot.REGISTERED.type(), DeviceSnapshot.RELEASED.type(), DeviceSnapshot.REGISTERED.type());
        assertThat(events).extracting(e -> EventCodec.payload(e, DeviceSnapshot.class).version()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(EventEnvelope::tenantId).containsExactly("acme", "acme", "globex");
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "0d0000000004").get("/api/v1/audit")
                .then().body("items.action", equalTo(List.of("release", "claim")));
        as(TestTokens.partnerAdmin("globex")).queryParam("mac", "0d0000000004").get("/api/v1/audit")
                .then().body("items.action", equalTo(List.of("claim")));
    }

    @Test
    void listingFiltersSortsAndPagesStably() {
        for (int i = 1; i <= 5; i++) {
            as(TestTokens.partnerAdmin("acme"))
                    .body(Map.of("vendor", "gigaset-maxwell", "model", i % 2 == 0 ? "mx3b" : "n870",
                            "labels", i <= 2 ? List.of("wave-1") : List.of()))
                    .put("/api/v1/devices/0e00000000a" + i)
                    .then().statusCode(201);
        }

        List<String> pages = new java.util.ArrayList<>();
        for (int page = 0; page < 3; page++) {
            pages.addAll(as(TestTokens.partner("acme", "partner"))
                    .queryParam("macPrefix", "0e:00:00:00:00").queryParam("size", 2).queryParam("page", page)
                    .queryParam("sort", "model").get("/api/v1/devices")
                    .then().statusCode(200).body("total", equalTo(5))
                    .extract().jsonPath().getList("items.mac", String.class));
        }
        assertThat(pages).containsExactly("0e00000000a2", "0e00000000a4", "0e00000000a1", "0e00000000a3", "0e00000000a5");

        as(TestTokens.partner("acme", "partner")).queryParam("macPrefix", "0e00").queryParam("label", "wave-1")
                .queryParam("order", "desc").get("/api/v1/devices")
                .then().body("items.mac", equalTo(List.of("0e00000000a2", "0e00000000a1")));
        as(TestTokens.partner("acme", "partner")).queryParam("macPrefix", "0e00").queryParam("model", "mx3b")
                .get("/api/v1/devices")
                .then().body("items.mac", equalTo(List.of("0e00000000a2", "0e00000000a4")));
        as(TestTokens.partner("acme", "partner")).queryParam("macPrefix", "0e00")
                .queryParam("lastSeenAfter", "2026-01-01T00:00:00Z").get("/api/v1/devices")
                .then().body("total", equalTo(0));
    }

    @Test
    void theOperatorNarrowsTheDeviceListAndTheAuditLogToOneTenantAndAPartnerCannotWidenItsOwn() {
        register("acme", "0f0a000000a1");
        register("globex", "0f0a000000b1");

        as(TestTokens.operator()).queryParam("macPrefix", "0f0a").get("/api/v1/devices")
                .then().statusCode(200).body("items.mac", equalTo(List.of("0f0a000000a1", "0f0a000000b1")));
        as(TestTokens.operator()).queryParam("macPrefix", "0f0a").queryParam("tenant", "acme").get("/api/v1/devices")
                .then().statusCode(200).body("items.mac", equalTo(List.of("0f0a000000a1")))
                .body("items.tenantId", equalTo(List.of("acme")));
        as(TestTokens.partner("globex", "partner")).queryParam("macPrefix", "0f0a").queryParam("tenant", "acme")
                .get("/api/v1/devices")
                .then().statusCode(200).body("items.mac", equalTo(List.of("0f0a000000b1")));

        as(TestTokens.operator()).queryParam("tenant", "globex").queryParam("size", 500).get("/api/v1/audit")
                .then().statusCode(200).body("items.mac", org.hamcrest.Matchers.hasItem("0f0a000000b1"))
                .body("items.mac", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("0f0a000000a1")))
                .body("items.tenantId", org.hamcrest.Matchers.everyItem(equalTo("globex")));
        as(TestTokens.partnerAdmin("acme")).queryParam("tenant", "globex").queryParam("mac", "0f0a000000b1")
                .get("/api/v1/audit").then().statusCode(200).body("total", equalTo(0));

        for (String path : List.of("/api/v1/devices", "/api/v1/audit")) {
            as(TestTokens.operator()).queryParam("tenant", "Not A Tenant").get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("tenant"));
        }
    }

    @Test
    void badListingParametersAreProblemsNamingTheParameter() {
        for (String[] bad : new String[][]{{"size", "0"}, {"size", "501"}, {"page", "-1"}, {"sort", "tenantId"},
                {"order", "sideways"}, {"macPrefix", "zz"}, {"lastSeenBefore", "yesterday"}, {"neverSeen", "maybe"}}) {
            as(TestTokens.partner("acme", "partner")).queryParam(bad[0], bad[1]).get("/api/v1/devices")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[0]));
        }
    }

    private static void register(String tenant, String mac) {
        as(TestTokens.partnerAdmin(tenant)).body(Map.of("mac", mac, "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices").then().statusCode(201);
    }

    /** The device's events on the topic, once there are as many as expected. */
    private List<EventEnvelope> events(String mac, int expected) {
        List<EventEnvelope> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            TopicProbe.matching(bootstrapServers, Topics.INVENTORY_DEVICES, r -> mac.equals(r.key()),
                    Duration.ofSeconds(1)).forEach(r -> found.add(EventCodec.fromJson(r.value())));
            return found.size() >= expected;
        });
        return found;
    }
}
