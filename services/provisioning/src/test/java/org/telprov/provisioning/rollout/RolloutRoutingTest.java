package org.telprov.provisioning.rollout;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/**
 * A release for rollouts reaches exactly the devices a rollout offered it, an emergency stop gives them their
 * previous release back, and a finished rollout widens the release to all: as every replica's memory decides it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class RolloutRoutingTest {

    private static final String TENANT = "rr-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);

    @Inject
    DeviceReleases releases;

    @Test
    void theOfferedDevicesGetTheReleaseAndAnEmergencyStopGivesThemTheirPreviousOneBack() {
        List<String> macs = fleet("rr-offers", "7c2fa0", 6);
        String before = published(ADMIN, "rr-offers");
        String rolled = RolloutResourceTest.forRollouts(ADMIN, "rr-offers");
        awaitReleases(macs, Map.of(), before);

        String id = as(ADMIN).body(request("rr-offers", 2)).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id");
        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200);
        List<String> offered = as(ADMIN).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices")
                .then().statusCode(200).body("total", equalTo(3)).extract().path("items.mac");
        Map<String, String> expected = new LinkedHashMap<>();
        offered.forEach(mac -> expected.put(mac, rolled));
        awaitReleases(macs, expected, before);

        as(ADMIN).post("/api/v1/rollouts/" + id + "/stop").then().statusCode(200);
        awaitReleases(macs, Map.of(), before);
        as(ADMIN).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.previousVersion", equalTo(new ArrayList<>(List.of(before, before, before))));
    }

    @Test
    void aFinishedRolloutWidensItsReleaseToAll() {
        List<String> macs = fleet("rr-finish", "7c2fa1", 2);
        String rolled = RolloutResourceTest.forRollouts(ADMIN, "rr-finish");
        Map<String, Object> none = request("rr-finish", 1);
        // no device of the profile matches: nothing to offer, it finishes at its start
        none.put("filter", Map.of("macPrefix", "ffff"));
        String id = as(ADMIN).body(none).post("/api/v1/rollouts").then().statusCode(201).extract().path("id");

        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("finished"));

        as(ADMIN).get("/api/v1/profiles/rr-finish/releases/" + rolled).then().body("audience.type", equalTo("all"));
        Map<String, String> all = new LinkedHashMap<>();
        macs.forEach(mac -> all.put(mac, rolled));
        awaitReleases(macs, all, null);
    }

    /** Waits until each device gets the release {@code expected} names for it, {@code otherwise} the others. */
    private void awaitReleases(List<String> macs, Map<String, String> expected, String otherwise) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String mac : macs) {
                assertThat(releases.resolve(mac, null).map(r -> r.device().uvc()).orElse(null)).as(mac)
                        .isEqualTo(expected.getOrDefault(mac, otherwise));
            }
        });
    }

    private static List<String> fleet(String profile, String prefix, int count) {
        created(ADMIN, profile(profile, Map.of("A", "1")));
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String mac = prefix + String.format("%06x", i);
            device(mac, TENANT, profile);
            macs.add(mac);
        }
        return macs;
    }

    private static Map<String, Object> request(String profile, int groups) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profile);
        body.put("groupCount", groups);
        body.put("successPercent", 90);
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 30);
        return body;
    }
}
