package org.telprov.provisioning.rollout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.FirmwarePublished;
import org.telprov.events.RolloutSnapshot;
import org.telprov.events.Topics;
import org.telprov.provisioning.device.DeviceSeen;
import org.telprov.provisioning.firmware.FirmwareArtifacts;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * Firmware rollouts: the product's devices on the channel, the API's refusals, the offered artifact in each device's
 * channel resolution (and gone again after a stop), cancel, finish, and overtaking by a channel move.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FirmwareRolloutTest {

    private static final String TENANT = "fr-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final String VENDOR = "gigaset-maxwell";
    private static final String PRODUCT = "mx3b";

    @Inject
    DeviceReleases releases;
    @Inject
    FirmwareArtifacts artifacts;
    @Inject
    FirmwareChannelLookup channels;
    @Inject
    MovableRolloutClock clock;
    @Inject
    EntityManager entityManager;
    @Inject
    RolloutScheduler scheduler;
    @Inject
    RolloutEngine engine;

    /** Versions of the test's channel snapshots, per product key (each test has a channel of its own). */
    private final Map<String, Long> channelVersions = new HashMap<>();

    @Test
    void theProductsDevicesOnTheChannelAreTakenAndOtherDialectsExcluded() {
        Fleet fleet = fleet("fr-take", "7c2fd0", 3);
        // the channel's other devices: another model, another channel, a dialect without firmware
        device(DeviceSnapshot.REGISTERED, "7c2fd0ff0001", TENANT, "mx9z", "fr-take", 1);
        Map<String, Object> beta = profile("fr-take-beta", Map.of("A", "1"));
        beta.put("firmware", Map.of("vendor", VENDOR, "product", PRODUCT, "channel", "beta"));
        created(ADMIN, beta);
        published(ADMIN, "fr-take-beta");
        device("7c2fd0ff0002", TENANT, "fr-take-beta");
        Map<String, Object> m11 = profile("fr-take-m11", Map.of("A", "1"));
        m11.put("dialect", "maxwell-1.1");
        created(ADMIN, m11);
        published(ADMIN, "fr-take-m11");
        device("7c2fd0ff0003", TENANT, "fr-take-m11");

        String id = create(ADMIN, request(fleet, 1)).statusCode(201)
                .body("kind", equalTo("firmware")).body("profile", nullValue()).body("uvc", nullValue())
                .body("vendor", equalTo(VENDOR)).body("product", equalTo(PRODUCT))
                .body("channel", equalTo(fleet.channel())).body("artifactId", equalTo(fleet.next()))
                .body("firmwareVersion", equalTo("2.23.0"))
                .body("target", equalTo("channel:" + TENANT + "/" + VENDOR + "/" + PRODUCT + "/" + fleet.channel()))
                .body("total.scheduled", equalTo(3)).body("total.excluded", equalTo(1))
                .extract().path("id");

        as(ADMIN).queryParam("state", "excluded").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(List.of("7c2fd0ff0003")))
                .body("items.reason", equalTo(List.of("unsupported_dialect")));
        as(ADMIN).queryParam("state", "scheduled").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(fleet.macs()))
                .body("items.previousVersion", everyItem(equalTo(fleet.current())));
    }

    @Test
    void aLastSeenBoundTakesOnlyTheChannelsDevicesSeenWithinItsDays() {
        Fleet fleet = fleet("fr-seen", "1a5753", 2);
        String seen = fleet.macs().get(0);
        Instant at = Instant.now().minus(Duration.ofDays(1));
        send(DeviceCheckin.REDIRECTED.envelope(DeviceCheckin.redirected(seen, TENANT, "10.0.0.9", null, at), at));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                DeviceSeen.findById(seen) != null));

        Map<String, Object> body = request(fleet, 1);
        body.put("filter", Map.of("seenWithinDays", 7));
        String id = create(ADMIN, body).statusCode(201).body("total.scheduled", equalTo(1))
                .body("filter.seenWithinDays", equalTo(7)).extract().path("id");
        as(ADMIN).get("/api/v1/rollouts/" + id + "/devices").then().body("items.mac", equalTo(List.of(seen)));
    }

    @Test
    void offeredDevicesResolveTheChannelToTheRolloutsArtifactUntilTheEmergencyStop() {
        Fleet fleet = fleet("fr-offer", "7c2fd1", 4);
        withoutDeviceAuth(ADMIN);
        String id = create(ADMIN, request(fleet, 2)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);
        List<String> offered = macs(id, "offered");
        assertThat(offered).hasSize(2);
        Map<String, String> expected = new LinkedHashMap<>();
        offered.forEach(mac -> expected.put(mac, fleet.next()));
        awaitFirmware(fleet.macs(), expected, fleet.current());
        // the file the phone reads names the offered image, and a version that differs from the one it stored
        RestAssured.given().get("/prov/" + offered.get(0) + "/firmware/updates.xml").then().statusCode(200)
                .body(containsString("version=\"" + fleet.next() + "\""))
                .body(containsString("/firmware/download/" + fleet.next() + "?"));

        command(id, "stop").statusCode(200).body("status", equalTo("stopped"));
        awaitFirmware(fleet.macs(), Map.of(), fleet.current());
        as(ADMIN).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.previousVersion", everyItem(equalTo(fleet.current())))
                .body("items.rolledBackAt", everyItem(org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void aCancelLeavesTheDevicesNotReachedAloneAndTheReachedOnesKeepTheImageUntilTheChannelMoves() {
        Fleet fleet = fleet("fr-cancel", "7c2fd2", 4);
        String id = create(ADMIN, request(fleet, 2)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);
        List<String> offered = macs(id, "offered");
        command(id, "cancel").statusCode(200).body("status", equalTo("cancelled"));
        Map<String, String> expected = new LinkedHashMap<>();
        offered.forEach(mac -> expected.put(mac, fleet.next()));
        awaitFirmware(fleet.macs(), expected, fleet.current());

        String third = artifact("2.24.0");
        channel(fleet.channel(), third);
        awaitFirmware(fleet.macs(), Map.of(), third);
    }

    @Test
    void aChannelMovedToAnotherImageOvertakesTheRolloutAndOtherMovesDoNot() {
        Fleet fleet = fleet("fr-over", "7c2fd3", 4);
        String id = create(ADMIN, request(fleet, 2)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);

        // an older snapshot naming another image, then a move of another channel of the product, overtake nothing
        String third = artifact("2.24.0");
        channels(Map.of(fleet.channel(), third), fleet.channel(), versionBase - 1);
        channel("other-" + fleet.channel(), fleet.next());
        as(ADMIN).get("/api/v1/rollouts/" + id).then().body("status", equalTo("running"));

        channel(fleet.channel(), third);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("overtaken")));
        as(ADMIN).get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.reason", everyItem(equalTo("overtaken")));
        awaitFirmware(fleet.macs(), Map.of(), third);
        TopicProbe.await(KafkaResource.bootstrapServers(), Topics.PROVISIONING_ROLLOUTS,
                r -> r.key().equals(RolloutSnapshot.rolloutKey(TENANT, id))
                        && r.value().contains("\"type\":\"rollout.overtaken\""), Duration.ofSeconds(30));
    }

    @Test
    void aPlatformChannelMoveOvertakesTheRolloutOfATenantWithoutAChannelOfItsOwn() {
        String platformImage = UUID.randomUUID().toString();
        publish(platformImage, null, PRODUCT, "2.22.0");
        String channel = "fr-platform";
        platformChannel(channel, platformImage, versionBase);
        await().atMost(Duration.ofSeconds(30)).until(() -> channels.own(null, VENDOR, PRODUCT, channel).isPresent());
        String next = artifact("2.23.0");
        Map<String, Object> body = profile(channel, Map.of("A", "1"));
        body.put("firmware", Map.of("vendor", VENDOR, "product", PRODUCT, "channel", channel));
        created(ADMIN, body);
        String uvc = published(ADMIN, channel);
        List<String> macs = List.of("7c2fd6000000", "7c2fd6000001");
        macs.forEach(mac -> device(mac, TENANT, channel));
        awaitFirmware(macs, Map.of(), platformImage);
        Fleet fleet = new Fleet(channel, uvc, platformImage, next, macs);
        String id = create(ADMIN, request(fleet, 1)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);
        awaitFirmware(macs, Map.of(macs.get(0), next, macs.get(1), next), null);

        String moved = UUID.randomUUID().toString();
        publish(moved, null, PRODUCT, "2.22.1");
        platformChannel(channel, moved, versionBase + 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("overtaken")));
        awaitFirmware(macs, Map.of(), moved);
    }

    @Test
    void aFinishedRolloutKeepsItsImageOnItsDevicesAndTheChannelCatchingUpOvertakesNothing() {
        Fleet fleet = fleet("fr-finish", "7c2fd4", 1);
        String id = create(ADMIN, request(fleet, 1)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);
        String mac = fleet.macs().get(0);
        confirmsNewImage(fleet, mac);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("finished")).body("total.confirmed", equalTo(1)));
        awaitFirmware(fleet.macs(), Map.of(mac, fleet.next()), null);

        // the firmware service moves the channel on rollout.finished: it names the image for every device
        channel(fleet.channel(), fleet.next());
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("select channel_moved_at from rollout where id = ?1")
                        .setParameter(1, UUID.fromString(id)).getSingleResult() != null));
        as(ADMIN).get("/api/v1/rollouts/" + id).then().body("status", equalTo("finished"));
        awaitFirmware(fleet.macs(), Map.of(), fleet.next());
        // and the channel moving on later takes the device with it
        String third = artifact("2.24.0");
        channel(fleet.channel(), third);
        awaitFirmware(fleet.macs(), Map.of(), third);
    }

    @Test
    void devicesRegisteredOntoTheChannelJoinTheRunningRolloutAndDevicesMovedToAnotherChannelLeaveIt() {
        Fleet fleet = fleet("fr-members", "7c2fd7", 2);
        Map<String, Object> beta = profile("fr-members-beta", Map.of("A", "1"));
        beta.put("firmware", Map.of("vendor", VENDOR, "product", PRODUCT, "channel", "beta"));
        created(ADMIN, beta);
        published(ADMIN, "fr-members-beta");
        String id = create(ADMIN, request(fleet, 1)).statusCode(201).extract().path("id");
        command(id, "start").statusCode(200);
        String moved = macs(id, "offered").get(0);
        awaitFirmware(fleet.macs(), Map.of(), fleet.next());

        String registered = "7c2fd7100000";
        device(DeviceSnapshot.REGISTERED, registered, TENANT, "MX3B", fleet.channel(), 1);
        // the product's devices that get nothing from the channel, and another model on its profile, stay out
        device(DeviceSnapshot.REGISTERED, "7c2fd7100001", TENANT, "MX3B", "fr-members-beta", 1);
        device(DeviceSnapshot.REGISTERED, "7c2fd7100002", TENANT, "mx9z", fleet.channel(), 1);
        device(DeviceSnapshot.UPDATED, moved, TENANT, "MX3B", "fr-members-beta", 2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scheduler.run();
            as(ADMIN).get("/api/v1/rollouts/" + id).then()
                    .body("groups[1].name", equalTo("dynamic"))
                    .body("groups[1].devices.scheduled", equalTo(1))
                    .body("groups[0].devices.offered", equalTo(1))
                    .body("groups[0].devices.excluded", equalTo(1))
                    .body("total.scheduled", equalTo(1)).body("total.excluded", equalTo(1));
        });
        // the newcomer waits for the dynamic group with the channel's image as its previous version
        as(ADMIN).queryParam("state", "scheduled").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(List.of(registered)))
                .body("items.previousVersion", equalTo(List.of(fleet.current())));
        as(ADMIN).queryParam("state", "excluded").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(List.of(moved)))
                .body("items.reason", equalTo(List.of("left_target")));
        // its offer is withdrawn: the channel resolves its MAC to what it names again, as for the newcomer
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(channels.resolve(TENANT, VENDOR, PRODUCT, fleet.channel(), moved)).contains(fleet.current());
            assertThat(releases.resolve(registered, null).map(r -> r.firmware()).orElse(null))
                    .isEqualTo(fleet.current());
        });
        // the same table seen again changes nothing
        assertThat(engine.membership(UUID.fromString(id), clock.now())).isFalse();
    }

    @Test
    void aChannelMovedToAnotherImageBeforeTheStartOvertakesTheRollout() {
        Fleet fleet = fleet("fr-early", "7c2fd8", 2);
        String id = create(ADMIN, request(fleet, 1)).statusCode(201).body("status", equalTo("ready"))
                .extract().path("id");

        String third = artifact("2.24.0");
        channel(fleet.channel(), third);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("overtaken")).body("total.excluded", equalTo(2)));
        as(ADMIN).get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.reason", everyItem(equalTo("overtaken")));
        command(id, "start").statusCode(409).body("code", equalTo("not_ready"));
        awaitFirmware(fleet.macs(), Map.of(), third);
    }

    @Test
    void aRolloutOfTheChannelStartsOnlyOnceTheChannelCaughtUpWithThePreviousOnesFinish() {
        Fleet fleet = fleet("fr-catchup", "7c2fd9", 1);
        String first = create(ADMIN, request(fleet, 1)).statusCode(201).extract().path("id");
        String third = artifact("2.24.0");
        Map<String, Object> next = request(fleet, 1);
        next.put("artifactId", third);
        // created while the first one has not finished: allowed, it starts once the target is free
        String second = create(ADMIN, next).statusCode(201).extract().path("id");
        command(first, "start").statusCode(200);
        String mac = fleet.macs().get(0);
        confirmsNewImage(fleet, mac);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + first).then()
                .body("status", equalTo("finished")));

        // the firmware service has not moved the channel to the first one's image yet: that move would overtake it
        command(second, "start").statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("channel_catching_up")).body("detail", containsString(fleet.next()));
        bad(next, 409, "channel_catching_up");
        as(ADMIN).get("/api/v1/rollouts/" + second).then().body("status", equalTo("ready"));

        // the move overtakes neither the finished rollout nor the one waiting to start, which starts now
        channel(fleet.channel(), fleet.next());
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("select channel_moved_at from rollout where id = ?1")
                        .setParameter(1, UUID.fromString(first)).getSingleResult() != null));
        as(ADMIN).get("/api/v1/rollouts/" + second).then().body("status", equalTo("ready"));
        command(second, "start").statusCode(200).body("status", equalTo("running"));
        awaitFirmware(fleet.macs(), Map.of(mac, third), null);
    }

    @Test
    void badInputIsRefusedWithAProblemNeverAFailure() {
        Fleet fleet = fleet("fr-bad", "7c2fd5", 1);
        String other = "fr-globex";
        String othersArtifact = UUID.randomUUID().toString();
        publish(othersArtifact, other, PRODUCT, "9.9.9");
        String otherProduct = UUID.randomUUID().toString();
        publish(otherProduct, TENANT, "mx9z", "1.0.0");
        await().atMost(Duration.ofSeconds(30)).until(() -> known(other, othersArtifact) && known(TENANT, otherProduct));

        bad(with(fleet, "artifactId", UUID.randomUUID().toString()), 400, "unknown_artifact");
        bad(with(fleet, "artifactId", othersArtifact), 400, "unknown_artifact");
        bad(with(fleet, "artifactId", "-".repeat(36)), 400, "unknown_artifact");
        bad(with(fleet, "artifactId", "not-an-id"), 400, "validation_failed");
        bad(with(fleet, "artifactId", otherProduct), 409, "product_mismatch");
        bad(with(fleet, "artifactId", fleet.current()), 409, "already_on_channel");
        bad(with(fleet, "channel", "nightly"), 400, "unknown_channel");
        bad(with(fleet, "channel", "Bad/Name"), 400, "validation_failed");
        bad(with(fleet, "vendor", "gigaset\u0000maxwell"), 400, "validation_failed");
        bad(with(fleet, "product", "mx3b/../x"), 400, "validation_failed");
        bad(with(fleet, "vendor", null), 400, "validation_failed");
        bad(with(fleet, "artifactId", null), 400, "validation_failed");
        bad(with(fleet, "profile", "fr-bad"), 400, "validation_failed");
        bad(with(fleet, "uvc", fleet.uvc()), 400, "validation_failed");
        bad(with(fleet, "kind", "FIRMWARE"), 400, "validation_failed");
        // a release rollout names no firmware field
        Map<String, Object> release = with(fleet, "kind", "release");
        release.put("profile", "fr-bad");
        bad(release, 400, "validation_failed");
        // the confirmation window: one of both, at least the configured minimum (one minute here)
        bad(with(fleet, "confirmationSeconds", 59), 400, "validation_failed");
        bad(with(fleet, "confirmationSeconds", 0), 400, "validation_failed");
        Map<String, Object> both = with(fleet, "confirmationSeconds", 120);
        both.put("confirmationMinutes", 2);
        bad(both, 400, "validation_failed");
        Map<String, Object> neither = request(fleet, 1);
        neither.remove("confirmationMinutes");
        bad(neither, 400, "validation_failed");
        create(ADMIN, with(fleet, "confirmationSeconds", 90)).statusCode(201)
                .body("confirmationSeconds", equalTo(90)).body("confirmationMinutes", equalTo(1));

        // another tenant sees the rollout as unknown and cannot roll out the tenant's image
        String id = create(ADMIN, request(fleet, 1)).statusCode(201).extract().path("id");
        String globex = TestTokens.partnerAdmin(other);
        as(globex).get("/api/v1/rollouts/" + id).then().statusCode(404).contentType("application/problem+json");
        as(globex).post("/api/v1/rollouts/" + id + "/start").then().statusCode(404);
        as(globex).body(request(fleet, 1)).post("/api/v1/rollouts").then().statusCode(400)
                .body("code", equalTo("unknown_artifact"));
        as(ADMIN).get("/api/v1/rollouts/" + id).then().body("status", equalTo("ready"));
    }

    // ---- the fleet

    /**
     * A Maxwell 1.0 profile whose release names the tenant's channel, {@code count} devices of the product on it, the
     * channel naming {@code current} (2.22.4) and {@code next} (2.23.0) published for the tenant.
     */
    private record Fleet(String channel, String uvc, String current, String next, List<String> macs) {
    }

    private Fleet fleet(String profile, String prefix, int count) {
        String current = artifact("2.22.4");
        String next = artifact("2.23.0");
        channel(profile, current);
        Map<String, Object> body = profile(profile, Map.of("A", "1"));
        body.put("firmware", Map.of("vendor", VENDOR, "product", PRODUCT, "channel", profile));
        created(ADMIN, body);
        String uvc = published(ADMIN, profile);
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String mac = prefix + String.format("%06x", i);
            device(DeviceSnapshot.REGISTERED, mac, TENANT, "MX3B", profile, 1);
            macs.add(mac);
        }
        awaitFirmware(macs, Map.of(), current);
        return new Fleet(profile, uvc, current, next, macs);
    }

    /** A new artifact of the tenant's product in this version, published and known here. */
    private String artifact(String version) {
        String id = UUID.randomUUID().toString();
        publish(id, TENANT, PRODUCT, version);
        await().atMost(Duration.ofSeconds(30)).until(() -> known(TENANT, id));
        return id;
    }

    /** Whether the firmware service's events told this service the artifact's product and version. */
    private boolean known(String tenant, String id) {
        return QuarkusTransaction.requiringNew().call(() -> artifacts.find(tenant, id).isPresent());
    }

    private static void publish(String id, String tenant, String product, String version) {
        EventEnvelope event = FirmwarePublished.PUBLISHED.envelope(new FirmwarePublished(tenant, VENDOR, product,
                new FirmwareArtifactRef(id, version, 10, "0".repeat(64), "0".repeat(32)), null, null, Instant.now()),
                Instant.now());
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS,
                FirmwareChannels.productKey(tenant, VENDOR, product), EventCodec.toJson(event));
    }

    /** The firmware service moving the tenant's channel to the artifact, waited for until it is seen here. */
    private void channel(String channel, String artifactId) {
        Map<String, String> all = new TreeMap<>(current());
        all.put(channel, artifactId);
        channels(all, channel);
        await().atMost(Duration.ofSeconds(30)).until(() -> channels.own(TENANT, VENDOR, PRODUCT, channel)
                .map(ref -> ref.artifactId().equals(artifactId)).orElse(false));
    }

    private Map<String, String> current() {
        Map<String, String> held = new TreeMap<>();
        for (String name : knownChannels) {
            channels.own(TENANT, VENDOR, PRODUCT, name).ifPresent(ref -> held.put(name, ref.artifactId()));
        }
        return held;
    }

    private final List<String> knownChannels = new ArrayList<>();

    private void channels(Map<String, String> channels, String moved) {
        long version = channelVersions.merge(productKey(), 1L, Long::sum) + versionBase;
        channels(channels, moved, version);
    }

    /** Channel versions of this test instance start above any earlier test's (the product key is shared). */
    private final long versionBase = System.nanoTime() / 1_000;

    private void channels(Map<String, String> channels, String moved, long version) {
        Map<String, FirmwareArtifactRef> refs = new TreeMap<>();
        channels.forEach((name, id) -> {
            refs.put(name, new FirmwareArtifactRef(id, "x", 10, "0".repeat(64), "0".repeat(32)));
            if (!knownChannels.contains(name)) {
                knownChannels.add(name);
            }
        });
        EventEnvelope event = FirmwareChannels.UPDATED.envelope(new FirmwareChannels(TENANT, VENDOR, PRODUCT, refs,
                moved, version), Instant.now());
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS, productKey(),
                EventCodec.toJson(event));
    }

    /** The operator's platform-wide channel of the product, moved to the artifact. */
    private static void platformChannel(String channel, String artifactId, long version) {
        EventEnvelope event = FirmwareChannels.UPDATED.envelope(new FirmwareChannels(null, VENDOR, PRODUCT,
                Map.of(channel, new FirmwareArtifactRef(artifactId, "x", 10, "0".repeat(64), "0".repeat(32))), channel,
                version), Instant.now());
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS,
                FirmwareChannels.productKey(null, VENDOR, PRODUCT), EventCodec.toJson(event));
    }

    private static String productKey() {
        return FirmwareChannels.productKey(TENANT, VENDOR, PRODUCT);
    }

    /** Waits until each device gets the artifact {@code expected} names for it, {@code otherwise} the others. */
    private void awaitFirmware(List<String> macs, Map<String, String> expected, String otherwise) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String mac : macs) {
                assertThat(releases.resolve(mac, null).map(r -> r.firmware()).orElse(null)).as(mac)
                        .isEqualTo(expected.getOrDefault(mac, otherwise));
            }
        });
    }

    // ---- requests

    private static Map<String, Object> request(Fleet fleet, int groups) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "firmware");
        body.put("vendor", VENDOR);
        body.put("product", PRODUCT);
        body.put("channel", fleet.channel());
        body.put("artifactId", fleet.next());
        body.put("groupCount", groups);
        body.put("successPercent", 90);
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 30);
        return body;
    }

    private static Map<String, Object> with(Fleet fleet, String field, Object value) {
        Map<String, Object> body = request(fleet, 1);
        if (field.startsWith("confirmation")) {
            body.remove("confirmationMinutes");
        }
        body.put(field, value);
        return body;
    }

    private static ValidatableResponse create(String token, Map<String, Object> body) {
        return as(token).body(body).post("/api/v1/rollouts").then();
    }

    private static ValidatableResponse command(String id, String command) {
        return as(ADMIN).post("/api/v1/rollouts/" + id + "/" + command).then();
    }

    private static List<String> macs(String id, String state) {
        return as(ADMIN).queryParam("state", state).get("/api/v1/rollouts/" + id + "/devices").then()
                .statusCode(200).extract().path("items.mac");
    }

    private static void bad(Map<String, Object> body, int status, String code) {
        create(ADMIN, body).statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    private static void send(EventEnvelope checkin) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, checkin.aggregateId(),
                EventCodec.toJson(checkin));
    }

    /** The firmware service's complete download of the fleet's new image, then a boot announcing its version. */
    private void confirmsNewImage(Fleet fleet, String mac) {
        Instant at = clock.now();
        send(DeviceCheckin.FETCHED.envelope(DeviceCheckin.downloaded(mac, TENANT, fleet.next(), "2.23.0", "10.0.0.7",
                "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at), at));
        Instant later = at.plusSeconds(1);
        send(DeviceCheckin.FETCHED.envelope(DeviceCheckin.provisioned(mac, TENANT, "provisioning.xml",
                List.of("provisioning.xml"), fleet.uvc(), "10.0.0.7", "Gigaset Maxwell 3/2.23.0;" + mac.toUpperCase(),
                later, DeviceCheckin.HTTP), later));
    }
}
