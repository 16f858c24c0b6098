package org.telprov.provisioning.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.RolloutSnapshot;
import org.telprov.events.Topics;
import org.telprov.provisioning.auth.DigestRefusals;
import org.telprov.provisioning.device.LastSeen;
import org.telprov.support.kafka.DeadLetters;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/**
 * Rollouts move by themselves: check-ins on {@code device-checkins} confirm offered devices and start the next group,
 * the scheduler times out devices that never check in and pauses the rollout, redeliveries change nothing, check-ins
 * of other devices are dropped, and two schedulers never advance a rollout twice.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class RolloutEngineTest {

    private static final String TENANT = "re-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);

    @Inject
    MovableRolloutClock clock;
    @Inject
    RolloutScheduler scheduler;
    @Inject
    RolloutEngine engine;
    @Inject
    MeterRegistry registry;
    @Inject
    DigestRefusals refusals;
    @Inject
    LastSeen lastSeen;
    @Inject
    EntityManager entityManager;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void checkinsConfirmTheOfferedDevicesAndTheRolloutStartsTheNextGroupByItself() {
        fleet("re-advance", "7c2fb0", 4);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-advance");
        String id = started("re-advance", 2);
        List<String> offered = macs(id, "offered");
        assertThat(offered).hasSize(2);

        offered.forEach(mac -> send(confirmation(mac, uvc)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(2))
                .body("groups[0].status", equalTo("succeeded"))
                .body("currentGroup", equalTo(1))
                .body("groups[1].devices.offered", equalTo(2)));

        List<String> second = macs(id, "offered");
        second.forEach(mac -> send(confirmation(mac, uvc)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("finished"))
                .body("total.confirmed", equalTo(4)));
    }

    @Test
    void checkinsAfterAPersonsCommandApplyToTheStateTheCommandLeftNotToTheRunKeptBefore() {
        fleet("re-kept", "7c2fb9", 4);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-kept");
        String id = started("re-kept", 2);
        List<String> offered = macs(id, "offered");
        // the consumer keeps the run it wrote
        send(confirmation(offered.get(0), uvc));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(1)));

        as(ADMIN).post("/api/v1/rollouts/" + id + "/pause").then().statusCode(200);
        send(confirmation(offered.get(1), uvc));

        // paused, the group's success starts nothing: the command's state was read, not the run kept before it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(2))
                .body("status", equalTo("paused"))
                .body("currentGroup", equalTo(0))
                .body("groups[1].devices.scheduled", equalTo(2)));
    }

    @Test
    void aGroupWhoseDevicesNeverCheckInTimesOutAndPausesTheRollout() {
        fleet("re-silent", "7c2fb1", 4);
        RolloutResourceTest.forRollouts(ADMIN, "re-silent");
        String id = started("re-silent", 2);

        clock.advance(Duration.ofMinutes(31));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scheduler.run();
            as(ADMIN).get("/api/v1/rollouts/" + id).then()
                    .body("status", equalTo("paused"))
                    .body("groups[0].devices.timed_out", equalTo(2))
                    .body("pauseReasons.kind", hasItem("error_condition"));
        });
        // the second group was never offered
        as(ADMIN).get("/api/v1/rollouts/" + id).then().body("groups[1].devices.scheduled", equalTo(2));
        as(ADMIN).queryParam("state", "timed_out").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.reason", equalTo(List.of("no_checkin", "no_checkin")));
    }

    @Test
    void aRedeliveredCheckinChangesNoCount() {
        fleet("re-again", "7c2fb2", 4);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-again");
        String id = started("re-again", 2);
        List<String> offered = macs(id, "offered");
        // one device confirms, the other fetched step 1 only and still waits
        EventEnvelope confirmation = confirmation(offered.get(0), uvc);
        EventEnvelope stepOne = checkin(offered.get(1), uvc, "provisioning.xml");
        send(confirmation);
        send(stepOne);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(1))
                .body("groups[0].devices.fetched", equalTo(1)));
        long version = version(id);
        double applied = counter("applied");
        double dropped = counter("dropped");

        send(confirmation);
        send(stepOne);
        // the waiting device's check-in reaches its rollout again, the settled one's is dropped in memory
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("applied") > applied
                && counter("dropped") > dropped);

        assertThat(version(id)).isEqualTo(version);
        as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(1))
                .body("groups[0].devices.fetched", equalTo(1))
                .body("groups[0].devices.offered", equalTo(null));
        // and applied straight to the engine, both write nothing
        RolloutEngine.Applied again = engine.applyCheckins(UUID.fromString(id),
                List.of(DeviceCheckin.from(confirmation), DeviceCheckin.from(stepOne)), clock.now());
        assertThat(again.changed()).isFalse();
        assertThat(version(id)).isEqualTo(version);
    }

    @Test
    void aConfirmationAppliedLateStampsTheNextGroupsOffersWithTheTimeItIsApplied() {
        fleet("re-late", "7c2fc7", 2);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-late");
        String id = started("re-late", 2);
        // made now, applied 20 minutes later (the consumer lagged): the second group's offer is made then
        EventEnvelope confirmation = confirmation(macs(id, "offered").get(0), uvc);
        Instant applied = clock.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MICROS);

        assertThat(engine.applyCheckins(UUID.fromString(id), List.of(DeviceCheckin.from(confirmation)), applied)
                .changed()).isTrue();

        String offeredAt = as(ADMIN).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices").then()
                .statusCode(200).body("items.group", equalTo(List.of(1))).extract().path("items[0].offeredAt");
        assertThat(Instant.parse(offeredAt)).isEqualTo(applied);
    }

    @Test
    void aCheckinOfADeviceInNoRolloutIsDroppedAndCounted() {
        double dropped = counter("dropped");
        double applied = counter("applied");

        send(confirmation("7c2fb3000001", "2026-12-01_00:00:00"));

        await().atMost(Duration.ofSeconds(30)).until(() -> counter("dropped") > dropped);
        assertThat(counter("applied")).isEqualTo(applied);
    }

    @Test
    void aCheckinIsReadOnlyForAWaitingDeviceOrOneNotKnownSeenThisHour() {
        fleet("re-unread", "7c2f5e", 2);
        RolloutResourceTest.forRollouts(ADMIN, "re-unread");
        String waiting = macs(started("re-unread", 1), "offered").get(0);
        fleet("re-unread-idle", "7c2f5f", 1);
        String idle = "7c2f5f000000";
        // the idle device's check-in is read (its last-seen hour is not known yet) and recorded for its hour
        Instant sent = Instant.now();
        TopicProbe.sendAt(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, idle, EventCodec.toJson(
                DeviceCheckin.REDIRECTED.envelope(DeviceCheckin.redirected(idle, TENANT, "10.0.0.7", null, sent),
                        sent)), sent);
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen.knows(Long.parseLong(idle, 16),
                sent.toEpochMilli()));
        double dropped = counter("dropped");
        double deadLettered = deadLettered();

        // a record no reader could read, of a device no rollout waits for and known seen in its hour: never parsed
        TopicProbe.sendAt(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, idle, "{not json", sent);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("dropped") > dropped);
        assertThat(deadLettered()).isEqualTo(deadLettered);

        // the same record under a waiting device's MAC is read, and dead-lettered as unreadable
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, waiting, "{not json");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered() > deadLettered);
    }

    @Test
    void twoSchedulersStartARolloutOnceAndItsFirstGroupOnce() throws Exception {
        fleet("re-twice", "7c2fb4", 4);
        RolloutResourceTest.forRollouts(ADMIN, "re-twice");
        Map<String, Object> body = request("re-twice", 2);
        body.put("startAt", clock.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        String id = as(ADMIN).body(body).post("/api/v1/rollouts").then().statusCode(201).extract().path("id");
        clock.advance(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            concurrently(() -> scheduler.run(), () -> scheduler.run());
            as(ADMIN).get("/api/v1/rollouts/" + id).then().body("status", equalTo("running"));
        });
        Instant later = clock.now();
        List<Boolean> ticked = concurrently(() -> engine.tick(UUID.fromString(id), later),
                () -> engine.tick(UUID.fromString(id), later));

        assertThat(ticked).doesNotContain(true);
        // created at version 1, started at 2: no second write of a start or of the first group (the events, stamped
        // with the moved clock, wait in the outbox for their time)
        assertThat(version(id)).isEqualTo(2);
        as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("currentGroup", equalTo(0))
                .body("groups[0].devices.offered", equalTo(2))
                .body("groups[1].devices.scheduled", equalTo(2));
    }

    @Test
    void aPublishForAllOvertakesTheRunningRolloutAndOneForRolloutsDoesNot() {
        fleet("re-overtaken", "7c2fb5", 4);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-overtaken");
        String id = started("re-overtaken", 2);
        String confirmed = macs(id, "offered").get(0);
        send(confirmation(confirmed, uvc));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("groups[0].devices.confirmed", equalTo(1)));

        RolloutResourceTest.forRollouts(ADMIN, "re-overtaken");
        as(ADMIN).get("/api/v1/rollouts/" + id).then().body("status", equalTo("running"));
        published(ADMIN, "re-overtaken");

        as(ADMIN).get("/api/v1/rollouts/" + id).then()
                .body("status", equalTo("overtaken"))
                .body("total.confirmed", equalTo(1))
                .body("total.excluded", equalTo(3));
        as(ADMIN).queryParam("state", "excluded").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.reason", equalTo(List.of("overtaken", "overtaken", "overtaken")));
    }

    @Test
    void aPublishForAllBeforeTheStartRefusesAPersonsStartAndEndsTheScheduledStartOvertaken() {
        fleet("re-early", "7c2fc8", 2);
        String uvc = RolloutResourceTest.forRollouts(ADMIN, "re-early");
        String byHand = as(ADMIN).body(request("re-early", 1)).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> timed = request("re-early", 1);
        timed.put("startAt", clock.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        String byTime = as(ADMIN).body(timed).post("/api/v1/rollouts").then().statusCode(201).extract().path("id");

        String newer = published(ADMIN, "re-early");
        // no rollout of the profile ran: the publish overtook none
        as(ADMIN).get("/api/v1/rollouts/" + byHand).then().body("status", equalTo("ready"));
        as(ADMIN).get("/api/v1/rollouts/" + byTime).then().body("status", equalTo("ready"));

        as(ADMIN).post("/api/v1/rollouts/" + byHand + "/start").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("overtaken"))
                .body("detail", containsString(newer));
        as(ADMIN).get("/api/v1/rollouts/" + byHand).then().body("status", equalTo("ready"))
                .body("total.scheduled", equalTo(2));
        // nor is a new rollout of the older release created
        Map<String, Object> again = request("re-early", 1);
        again.put("uvc", uvc);
        as(ADMIN).body(again).post("/api/v1/rollouts").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("overtaken"));

        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scheduler.run();
            as(ADMIN).get("/api/v1/rollouts/" + byTime).then()
                    .body("status", equalTo("overtaken"))
                    .body("currentGroup", equalTo(-1))
                    .body("total.excluded", equalTo(2));
        });
        as(ADMIN).queryParam("state", "excluded").get("/api/v1/rollouts/" + byTime + "/devices").then()
                .body("items.reason", equalTo(List.of("overtaken", "overtaken")));
        // announced (through the outbox, where it waits for the moved clock's time)
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select count(*) from outbox_event where message_key = ?1 and event_type = 'rollout.overtaken'")
                .setParameter(1, RolloutSnapshot.rolloutKey(TENANT, byTime)).getSingleResult()))
                .isEqualTo(1L);
    }

    @Test
    void devicesRegisteredIntoTheProfileJoinTheRunningRolloutAndDevicesMovedOutLeaveIt() {
        fleet("re-members", "7c2fb6", 4);
        RolloutResourceTest.forRollouts(ADMIN, "re-members");
        String id = started("re-members", 2);
        String moved = macs(id, "offered").get(0);

        device("7c2fb6100000", TENANT, "re-members");
        device(DeviceSnapshot.UPDATED, moved, TENANT, "mx3b", "re-elsewhere", 2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scheduler.run();
            as(ADMIN).get("/api/v1/rollouts/" + id).then()
                    .body("groups[2].name", equalTo("dynamic"))
                    .body("groups[2].devices.scheduled", equalTo(1))
                    .body("groups[0].devices.offered", equalTo(1))
                    .body("groups[0].devices.excluded", equalTo(1));
        });
        as(ADMIN).queryParam("state", "excluded").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(List.of(moved)))
                .body("items.reason", equalTo(List.of("left_target")));
        // the same table seen again changes nothing
        assertThat(engine.membership(UUID.fromString(id), clock.now())).isFalse();
    }

    @Test
    void digestRefusalsAtTheLimitFailAnOfferedDeviceAndPauseTheRollout() {
        fleet("re-refused", "7c2fb7", 4);
        RolloutResourceTest.forRollouts(ADMIN, "re-refused");
        String id = started("re-refused", 2);
        String refused = macs(id, "offered").get(0);

        for (int i = 0; i < Rollout.DEFAULT_DIGEST_REFUSAL_LIMIT; i++) {
            refusals.refused(TENANT, refused, clock.now());
        }
        // another tenant's device of the same MAC is not this rollout's
        refusals.refused("re-other", macs(id, "offered").get(1), clock.now());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scheduler.run();
            as(ADMIN).get("/api/v1/rollouts/" + id).then()
                    .body("status", equalTo("paused"))
                    .body("groups[0].devices.failed", equalTo(1));
        });
        as(ADMIN).queryParam("state", "failed").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", equalTo(List.of(refused)))
                .body("items.reason", equalTo(List.of("digest_refused")));
    }

    // ---- helpers

    @SafeVarargs
    private static <T> List<T> concurrently(Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private String started(String profile, int groups) {
        String id = as(ADMIN).body(request(profile, groups)).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id");
        as(ADMIN).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200);
        return id;
    }

    private static List<String> macs(String id, String state) {
        return as(ADMIN).queryParam("state", state).get("/api/v1/rollouts/" + id + "/devices").then()
                .statusCode(200).extract().path("items.mac");
    }

    /** Provisioning's check-in of a Maxwell 1.0 boot that fetched the release's step 3, made now. */
    private EventEnvelope confirmation(String mac, String uvc) {
        return checkin(mac, uvc, "provisioning.xml", "nvm/updates.xml", "nvm/settings.xml");
    }

    /** Provisioning's check-in of a Maxwell 1.0 boot that fetched these files of the release, made now. */
    private EventEnvelope checkin(String mac, String uvc, String... files) {
        Instant at = clock.now();
        return DeviceCheckin.FETCHED.envelope(DeviceCheckin.provisioned(mac, TENANT, files[files.length - 1],
                List.of(files), uvc, "10.0.0.7", "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at,
                DeviceCheckin.HTTP), at);
    }

    private static void send(EventEnvelope checkin) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, checkin.aggregateId(),
                EventCodec.toJson(checkin));
    }

    private double counter(String outcome) {
        return registry.find(RolloutCheckinListener.METRIC).tag("outcome", outcome).counter().count();
    }

    private double deadLettered() {
        Counter counter = registry.find(DeadLetters.METRIC).tag("topic", Topics.DEVICE_CHECKINS).counter();
        return counter == null ? 0 : counter.count();
    }

    private long version(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select version from rollout where id = ?1").setParameter(1, UUID.fromString(id))
                .getSingleResult()).longValue());
    }

    private static void fleet(String profile, String prefix, int count) {
        created(ADMIN, profile(profile, Map.of("A", "1")));
        for (int i = 0; i < count; i++) {
            device(prefix + String.format("%06x", i), TENANT, profile);
        }
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
