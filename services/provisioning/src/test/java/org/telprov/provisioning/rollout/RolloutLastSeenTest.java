package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.provisioning.device.DeviceSeen;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;

/**
 * The last-seen filter: the check-in consumer keeps each device's last-seen hour, a rollout with
 * {@code seenWithinDays} takes only the devices seen within that many days before its creation, and a device joins a
 * running one only once it has been seen since then.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class RolloutLastSeenTest {

    private static final String TENANT = "ls-rollouts";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);

    @Inject
    RolloutEngine engine;
    @Inject
    MovableRolloutClock clock;
    @Inject
    ObjectMapper json;

    @Test
    void aCheckinOnTheTopicRecordsItsDevicesHourAndALaterHourMovesIt() {
        String mac = "1a5751000001";
        device(mac, TENANT, "ls-topic");
        Instant hour = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);

        send(checkin(mac, hour.plus(Duration.ofMinutes(15))));
        await().atMost(Duration.ofSeconds(30)).until(() -> hour.equals(seen(mac)));

        // the same partition, in order: within the hour, then the next hour
        send(checkin(mac, hour.plus(Duration.ofMinutes(40))));
        send(checkin(mac, hour.plus(Duration.ofMinutes(65))));
        await().atMost(Duration.ofSeconds(30)).until(() -> hour.plus(Duration.ofHours(1)).equals(seen(mac)));
    }

    @Test
    void aRolloutSeenWithinDaysTakesOnlyDevicesSeenSinceAndADeviceJoinsOnlyOnceSeen() {
        fleet("ls-recent", "1a5752", 3);
        RolloutResourceTest.forRollouts(ADMIN, "ls-recent");
        Instant now = Instant.now();
        seenAt("1a5752000000", now.minus(Duration.ofDays(2)));
        // long ago: dead or unplugged
        seenAt("1a5752000001", now.minus(Duration.ofDays(40)));
        // 1a5752000002 never checked in

        Map<String, Object> body = request("ls-recent");
        body.put("filter", Map.of("seenWithinDays", 30));
        JsonPath view = as(ADMIN).body(body).post("/api/v1/rollouts").then().statusCode(201)
                .body("total.scheduled", equalTo(1)).body("total.excluded", equalTo(null))
                .body("filter.seenWithinDays", equalTo(30)).extract().jsonPath();
        // the bound is fixed at creation, to the hour
        String seenSince = view.getString("filter.seenSince");
        assertThat(Instant.parse(seenSince)).isEqualTo(Instant.parse(view.getString("createdAt"))
                .minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS));
        String id = view.getString("id");
        assertThat(macs(id)).containsExactly("1a5752000000");
        as(ADMIN).get("/api/v1/rollouts/" + id).then().statusCode(200)
                .body("filter.seenWithinDays", equalTo(30)).body("filter.seenSince", equalTo(seenSince));
        // without the bound, every device of the profile
        as(ADMIN).body(request("ls-recent")).post("/api/v1/rollouts").then().statusCode(201)
                .body("total.scheduled", equalTo(3)).body("filter.seenWithinDays", equalTo(null));

        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200);
        device("1a5752000003", TENANT, "ls-recent");
        // neither the new device, never seen, nor the two left out at creation join
        assertThat(engine.membership(UUID.fromString(id), clock.now())).isFalse();

        // the new device checks in: it is seen since the bound and joins the dynamic group
        seenAt("1a5752000003", Instant.now());
        assertThat(engine.membership(UUID.fromString(id), clock.now())).isTrue();
        as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[1].name", equalTo("dynamic"))
                .body("groups[1].devices.scheduled", equalTo(1));
        assertThat(macs(id)).containsExactly("1a5752000000", "1a5752000003");
    }

    @Test
    void aFilterStoredBeforeTheLastSeenBoundReadsAsTakingDevicesSeenOrNot() throws Exception {
        TargetFilter old = json.readValue("{\"models\":[\"mx3b\"],\"labels\":[],\"macPrefix\":\"7c2f\"}",
                TargetFilter.class);

        assertThat(old).isEqualTo(new TargetFilter(List.of("mx3b"), List.of(), "7c2f"));
        assertThat(old.matches("7c2f00000001", "mx3b", java.util.Set.of(), null)).isTrue();
        TargetFilter bounded = TargetFilter.of(List.of(), List.of(), null, 30, Instant.parse("2026-12-07T14:35:00Z"));
        assertThat(json.readValue(json.writeValueAsString(bounded), TargetFilter.class)).isEqualTo(bounded);
    }

    // ---- helpers

    /** Sends a redirect check-in of the device made at {@code at} and waits until its hour is recorded. */
    private static void seenAt(String mac, Instant at) {
        send(checkin(mac, at));
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        await().atMost(Duration.ofSeconds(30)).until(() -> hour.equals(seen(mac)));
    }

    private static EventEnvelope checkin(String mac, Instant at) {
        return DeviceCheckin.REDIRECTED.envelope(DeviceCheckin.redirected(mac, TENANT, "10.0.0.9",
                "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at), at);
    }

    private static void send(EventEnvelope checkin) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, checkin.aggregateId(),
                EventCodec.toJson(checkin));
    }

    private static Instant seen(String mac) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DeviceSeen row = DeviceSeen.findById(mac);
            return row == null ? null : row.seenAt;
        });
    }

    private static List<String> macs(String id) {
        return as(ADMIN).get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .extract().path("items.mac");
    }

    private static void fleet(String profile, String prefix, int count) {
        created(ADMIN, profile(profile, Map.of("A", "1")));
        for (int i = 0; i < count; i++) {
            device(prefix + String.format("%06x", i), TENANT, profile);
        }
    }

    private static Map<String, Object> request(String profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profile);
        body.put("groupCount", 1);
        body.put("successPercent", 90);
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 30);
        return body;
    }
}
