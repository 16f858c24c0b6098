package org.telprov.provisioning.setting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.provisioning.Provisioning;
import org.telprov.provisioning.file.StrictXml;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.w3c.dom.Element;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * A device whose release changes gets a new version whatever the stamps of its release and its settings: a release
 * published before the device's settings last changed reaches it by a pin, an unpin, a widened audience, a rollout's
 * offer, stop and finish, or a move to another profile or labels, and the device's version moves with it; devices whose release
 * did not change keep theirs.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ReleaseSwitchVersionTest {

    private static final String TENANT = "rsw-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);

    @Inject
    DeviceReleases releases;

    @BeforeEach
    void withoutAuthentication() {
        withoutDeviceAuth(ADMIN);
    }

    @Test
    void aPinAndAnUnpinMoveTheDevicesVersionToAReleaseOlderThanItsSettings() {
        List<String> macs = fleet("rsw-pin", "5e5101", 2);
        String first = published(ADMIN, "rsw-pin");
        String second = next("rsw-pin", "two", Map.of("audience", "rollout"));
        settings(macs);
        String pinned = macs.get(0);
        String other = macs.get(1);
        String before = version(pinned);
        String otherBefore = version(other);
        assertThat(before).isGreaterThan(second);

        as(ADMIN).body(Map.of("uvc", second)).put("/api/v1/profiles/rsw-pin/pins/" + pinned).then().statusCode(201);

        String onPin = version(pinned);
        assertThat(onPin).isGreaterThan(before);
        assertThat(marker(pinned)).isEqualTo("two");
        assertThat(release(pinned)).isEqualTo(second);
        assertThat(version(other)).isEqualTo(otherBefore);

        // pinned again to the release it has: nothing changes for it
        as(ADMIN).body(Map.of("uvc", second)).put("/api/v1/profiles/rsw-pin/pins/" + pinned).then().statusCode(200);
        assertThat(version(pinned)).isEqualTo(onPin);

        as(ADMIN).delete("/api/v1/profiles/rsw-pin/pins/" + pinned).then().statusCode(204);

        assertThat(version(pinned)).isGreaterThan(onPin);
        assertThat(release(pinned)).isEqualTo(first);
        assertThat(marker(pinned)).isEqualTo("one");
        assertThat(version(other)).isEqualTo(otherBefore);
    }

    @Test
    void wideningAStagedReleaseMovesTheVersionOfTheDevicesItAddsOnly() {
        List<String> macs = fleet("rsw-widen", "5e5102", 20);
        String first = published(ADMIN, "rsw-widen");
        String staged = next("rsw-widen", "two", Map.of("percent", "30"));
        settings(macs);
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> had = new LinkedHashMap<>();
        macs.forEach(mac -> {
            before.put(mac, version(mac));
            had.put(mac, release(mac));
        });

        as(ADMIN).body(Map.of("percent", 70)).patch("/api/v1/profiles/rsw-widen/releases/" + staged).then()
                .statusCode(200);

        int added = 0;
        for (String mac : macs) {
            String now = release(mac);
            if (had.get(mac).equals(now)) {
                assertThat(version(mac)).as(mac + " kept its release").isEqualTo(before.get(mac));
            } else {
                added++;
                assertThat(had.get(mac)).isEqualTo(first);
                assertThat(now).isEqualTo(staged);
                assertThat(version(mac)).as(mac + " got the widened release").isGreaterThan(before.get(mac));
                assertThat(marker(mac)).isEqualTo("two");
            }
        }
        // 20 devices: 40 percent of them, give or take, enter the audience (the draw is fixed per profile id)
        assertThat(added).isPositive();
        assertThat(had.values()).contains(staged);
    }

    @Test
    void aRolloutsOffersAndItsEmergencyStopMoveTheOfferedDevicesVersions() {
        List<String> macs = fleet("rsw-offer", "5e5103", 4);
        String first = published(ADMIN, "rsw-offer");
        String rolled = next("rsw-offer", "two", Map.of("audience", "rollout"));
        settings(macs);
        Map<String, String> before = new LinkedHashMap<>();
        macs.forEach(mac -> before.put(mac, version(mac)));

        String id = as(ADMIN).body(rollout("rsw-offer", 2)).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id");
        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200);
        List<String> offered = as(ADMIN).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices")
                .then().statusCode(200).body("total", equalTo(2)).extract().path("items.mac");

        Map<String, String> onOffer = new LinkedHashMap<>();
        for (String mac : macs) {
            onOffer.put(mac, version(mac));
            if (offered.contains(mac)) {
                assertThat(release(mac)).isEqualTo(rolled);
                assertThat(onOffer.get(mac)).as(mac).isGreaterThan(before.get(mac));
                assertThat(marker(mac)).isEqualTo("two");
            } else {
                assertThat(release(mac)).isEqualTo(first);
                assertThat(onOffer.get(mac)).as(mac).isEqualTo(before.get(mac));
            }
        }

        as(ADMIN).post("/api/v1/rollouts/" + id + "/stop").then().statusCode(200);

        for (String mac : macs) {
            assertThat(release(mac)).isEqualTo(first);
            if (offered.contains(mac)) {
                assertThat(version(mac)).as(mac).isGreaterThan(onOffer.get(mac));
                assertThat(marker(mac)).isEqualTo("one");
            } else {
                assertThat(version(mac)).as(mac).isEqualTo(before.get(mac));
            }
        }
    }

    @Test
    void aFinishedRolloutMovesTheVersionOfEveryDeviceOfTheProfile() {
        List<String> macs = fleet("rsw-finish", "5e5104", 2);
        published(ADMIN, "rsw-finish");
        String rolled = next("rsw-finish", "two", Map.of("audience", "rollout"));
        settings(macs);
        Map<String, String> before = new LinkedHashMap<>();
        macs.forEach(mac -> before.put(mac, version(mac)));
        Map<String, Object> none = rollout("rsw-finish", 1);
        // no device of the profile matches: nothing to offer, it finishes at its start
        none.put("filter", Map.of("macPrefix", "ffff"));
        String id = as(ADMIN).body(none).post("/api/v1/rollouts").then().statusCode(201).extract().path("id");

        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200).body("status", equalTo("finished"));

        for (String mac : macs) {
            assertThat(release(mac)).isEqualTo(rolled);
            assertThat(version(mac)).as(mac).isGreaterThan(before.get(mac));
            assertThat(marker(mac)).isEqualTo("two");
        }
    }

    @Test
    void aDeviceMovedToAProfileWhoseReleaseIsOlderThanItsSettingsGetsANewVersion() {
        List<String> macs = fleet("rsw-from", "5e5105", 2);
        published(ADMIN, "rsw-from");
        created(ADMIN, profile("rsw-to", "elsewhere"));
        String target = published(ADMIN, "rsw-to");
        settings(macs);
        String moved = macs.get(0);
        String stayed = macs.get(1);
        String before = version(moved);
        String stayedBefore = version(stayed);
        assertThat(before).isGreaterThan(target);

        Provisioning.device(DeviceSnapshot.UPDATED, moved, TENANT, "mx3b", "rsw-to", 2);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(release(moved)).isEqualTo(target);
            assertThat(version(moved)).isGreaterThan(before);
        });
        assertThat(marker(moved)).isEqualTo("elsewhere");
        assertThat(version(stayed)).isEqualTo(stayedBefore);

        // a later event that moves nothing (the same profile, a newer version) leaves the version where it is
        String after = version(moved);
        Provisioning.device(DeviceSnapshot.UPDATED, moved, TENANT, "mx3c", "rsw-to", 3);
        assertThat(version(moved)).isEqualTo(after);

        // new labels may bring a label release or other label groups: the version moves
        Provisioning.send(DeviceSnapshot.UPDATED.envelope(new DeviceSnapshot(moved, TENANT, "gigaset-maxwell", "mx3c",
                null, "rsw-to", List.of("desk"), 4), Instant.now()));
        Provisioning.awaitDeviceVersion(moved, 4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version(moved)).isGreaterThan(after));
        assertThat(version(stayed)).isEqualTo(stayedBefore);
    }

    /** The profile (Maxwell 1.0, a templated parameter and a marker naming the content) and its devices. */
    private static List<String> fleet(String profile, String prefix, int count) {
        created(ADMIN, profile(profile, "one"));
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String mac = prefix + String.format("%06x", i);
            Provisioning.device(mac, TENANT, profile);
            macs.add(mac);
        }
        return macs;
    }

    private static Map<String, Object> profile(String name, String marker) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("sip_user", "{{setting.sip_user|nobody}}");
        parameters.put("marker", marker);
        return Provisioning.profile(name, parameters);
    }

    /** Publishes the profile with another marker for the audience given as query parameters; its UVC. */
    private static String next(String profile, String marker, Map<String, String> audience) {
        as(ADMIN).body(profile(profile, marker)).put("/api/v1/profiles/" + profile).then().statusCode(200);
        return as(ADMIN).queryParams(audience).post("/api/v1/profiles/" + profile + "/releases").then().statusCode(201)
                .extract().path("uvc");
    }

    /** Gives each device settings of its own, stamped after every release of the tenant so far. */
    private static void settings(List<String> macs) {
        for (String mac : macs) {
            as(ADMIN).body(Map.of("settings", Map.of("sip_user", Map.of("value", "u" + mac))))
                    .put("/api/v1/settings/devices/" + mac).then().statusCode(200);
        }
    }

    private static Map<String, Object> rollout(String profile, int groups) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profile);
        body.put("groupCount", groups);
        body.put("successPercent", 90);
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 30);
        return body;
    }

    /** The UVC of the release the device gets. */
    private String release(String mac) {
        return releases.resolve(mac, null).orElseThrow().device().uvc();
    }

    /** The device's version as its files announce it ({@code nvm/updates.xml}), checked against the effective view. */
    private static String version(String mac) {
        Element file = (Element) xml("/prov/" + mac + "/nvm/updates.xml").getElementsByTagName("file").item(0);
        String version = file.getAttribute("version");
        as(ADMIN).get("/api/v1/settings/devices/" + mac + "/effective").then().statusCode(200)
                .body("version", equalTo(version));
        return version;
    }

    /** The marker of the content the device's settings file (named by its version) carries. */
    private static String marker(String mac) {
        org.w3c.dom.NodeList params = xml("/prov/" + mac + "/nvm/" + version(mac) + "/settings.xml")
                .getElementsByTagName("param");
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            if (param.getAttribute("name").equals("marker")) {
                return param.getAttribute("value");
            }
        }
        throw new AssertionError("no marker in the settings file of " + mac);
    }

    private static org.w3c.dom.Document xml(String path) {
        byte[] body = RestAssured.given().redirects().follow(false).get(path).then().statusCode(200).extract()
                .asByteArray();
        try {
            return StrictXml.parse(body);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML from " + path, e);
        }
    }
}
