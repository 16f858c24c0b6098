package org.telprov.inventory.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

/**
 * The download of platform-wide firmware reaches the device's {@code lastFirmware}: the firmware service's check-in
 * carries the tenant of the device's signed link, not the artifact's (platform firmware has none, and a check-in of no
 * tenant is nobody's device here).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class PlatformFirmwareCheckinTest {

    private static final String MAC = "1a00000000f1";
    private static final String PLATFORM_IMAGE = "b0000000-0000-0000-0000-00000000000b";
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    @Test
    void theCheckinOfAPlatformImageReachesLastFirmware() {
        ensureTenant("globex");
        as(TestTokens.partnerAdmin("globex")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/" + MAC).then().statusCode(201);

        // what firmware sent before its links carried the device's tenant: the artifact's, none for platform firmware
        send(firmwareCheckin(null, "7.0", T0));
        // what it sends now
        send(firmwareCheckin("globex", "7.1", T0.plusSeconds(1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("globex", "partner")).get("/api/v1/devices/" + MAC)
                        .then().statusCode(200).body("checkin.lastFirmware", equalTo("7.1")));
        as(TestTokens.partner("globex", "partner")).get("/api/v1/devices/" + MAC + "/checkins")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].firmwareVersion", equalTo("7.1"));
    }

    private static EventEnvelope firmwareCheckin(String tenant, String version, Instant at) {
        return DeviceCheckin.FETCHED.envelope(DeviceCheckin.downloaded(MAC, tenant, PLATFORM_IMAGE, version,
                "192.0.2.10", "Gigaset N870 IP PRO/83.V2.11.0", at), at);
    }

    private static void send(EventEnvelope event) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, event.aggregateId(),
                EventCodec.toJson(event));
    }
}
