package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.Mac;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.platform.Platform;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A release rollout that outlives what a cluster goes through (issue 15): 20 Maxwell 1.0 phones of one profile served
 * by two provisioning processes on one database and Kafka, a rollout of a release in two groups, and while the first
 * group confirms, one process is killed hard and the Kafka broker goes away for some seconds while the phones keep
 * booting; a new process comes up beside the survivor. The rollout ends {@code finished} with every device confirmed
 * once, no device timed out for a confirmation the outage or the killed consumer held up, and the rollout's events
 * on {@code provisioning-rollouts} name each group started once, with versions that only grow: two processes never
 * advanced a group twice, and what was decided while the broker was away reached it afterwards.
 *
 * <p>The phones reach provisioning through one URL in front of its processes ({@link LoadBalancer}, as a Kubernetes
 * Service is), which the rendered files name too: every process serves part of every boot, publishes check-ins and
 * consumes some partitions of {@code device-checkins}. The phones are given that URL directly (as DHCP would), so the
 * redirect service, which RolloutsIT goes through, is not started.
 */
class RolloutsResilienceIT {

    private static final int PHONES = 20;
    private static final Mac FIRST = Mac.parse("7c2f80c20000");
    private static final String PROFILE = "desk";
    private static final String CHECKINS = "device-checkins";
    private static final String ROLLOUTS = "provisioning-rollouts";
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static Platform platform;
    private static LoadBalancer balancer;
    private static Keycloak keycloak;
    private static final List<String> macs = new ArrayList<>();
    private static final MemoryStateStore memory = new MemoryStateStore();
    private static ExecutorService httpThreads;
    private static PhoneSimulator simulator;
    /** The platform's provisioning process, and the one started beside it. */
    private static String first;
    private static String second;
    private static String releaseA;

    @BeforeAll
    static void startTwoProvisioningProcessesAndBootTheFleetOnce() throws IOException {
        balancer = LoadBalancer.start();
        // check-ins closed 1 s after a boot's first fetch rather than 10 s: the engine hears of confirmations sooner
        platform = E2ePlatform.start(E2ePlatform.options("-rollouts-resilience", List.of("inventory", "provisioning"))
                .serviceEnvironment(Map.of("TELPROV_PROVISIONING_CHECKINS_WINDOW", "PT1S",
                        "TELPROV_PROVISIONING_PUBLIC_BASE_URL", balancer.url()))
                .build());
        first = platform.serviceUrl("provisioning");
        balancer.route(List.of(first));
        // the second process boots while the tenant, profile and devices are made through the first
        CompletableFuture<String> starting = CompletableFuture.supplyAsync(() -> platform.startReplica("provisioning"));
        keycloak = new Keycloak(platform.tokenUrl());
        RestAssured.given().baseUri(platform.serviceUrl("inventory"))
                .auth().oauth2(keycloak.token("telprov-operator", "operator-secret")).contentType(ContentType.JSON)
                .body(Map.of("id", "acme", "name", "acme", "provisioningUrlTemplate",
                        balancer.url() + "/prov/{mac}/"))
                .post("/api/v1/tenants").then().statusCode(201);
        // provisioning learns of new tenants from inventory's events, and refuses their tokens until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                provisioning(first).get("/api/v1/profiles").then().statusCode(200));

        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", PROFILE);
        profile.put("dialect", "maxwell-1.0");
        profile.put("parameters", RolloutProfiles.parameters("Release A"));
        provisioning(first).body(profile).post("/api/v1/profiles").then().statusCode(201);
        releaseA = provisioning(first).post("/api/v1/profiles/" + PROFILE + "/releases").then().statusCode(201)
                .extract().path("uvc");

        StringBuilder csv = new StringBuilder("mac,vendor,model,serial,profile\n");
        for (int i = 0; i < PHONES; i++) {
            String mac = new Mac(FIRST.value() + i).lower();
            macs.add(mac);
            csv.append(mac).append(",gigaset-maxwell,mx3b,SN-").append(mac).append(',').append(PROFILE).append('\n');
        }
        RestAssured.given().baseUri(platform.serviceUrl("inventory")).auth().oauth2(acme()).contentType("text/csv")
                .body(csv.toString()).post("/api/v1/devices/import").then().statusCode(200)
                .body("claimed", equalTo(PHONES));
        second = starting.join();
        // both processes learn the devices from inventory's events
        for (String process : List.of(first, second)) {
            for (String mac : macs) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        provisioning(process).get("/api/v1/settings/devices/" + mac).then().statusCode(200));
            }
        }
        balancer.route(List.of(first, second));
        httpThreads = PhoneSimulator.httpExecutor(2);
        simulator = new PhoneSimulator(PhoneSimulator.httpClient(httpThreads, Duration.ofSeconds(10)), memory);
        SoftAssertions.assertSoftly(soft -> boot(macs).values().forEach(report -> {
            soft.assertThat(report.uvc()).as(report.text()).isEqualTo(releaseA);
            soft.assertThat(report.params()).containsEntry("SIP.Account.0.DisplayName", "Release A");
        }));
    }

    @AfterAll
    static void stopPlatform() {
        if (httpThreads != null) {
            httpThreads.shutdownNow();
        }
        if (platform != null) {
            platform.close();
        }
        if (balancer != null) {
            balancer.close();
        }
    }

    @Test
    void aRolloutOutlivesAKilledProcessAndAKafkaOutageAndAdvancesEachGroupOnce() throws Exception {
        String releaseB = publishForRollouts("Release B");
        String id = provisioning(first).body(request(releaseB)).post("/api/v1/rollouts").then().statusCode(201)
                .extract().path("id");
        provisioning(first).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("running")).body("groups[0].devices.offered", equalTo(PHONES / 2));
        long offeredAt = System.nanoTime();
        List<String> groupZero = devices(id, "offered").stream().sorted().toList();
        List<String> groupOne = macs.stream().filter(mac -> !groupZero.contains(mac)).toList();
        assertThat(groupOne).hasSize(PHONES / 2);

        // A few phones of the first group boot, through both processes, and get B; once their confirmations are on
        // the topic, the first process is killed hard, with the partitions it consumed. (It is killed once they are
        // there because a process that dies loses the check-ins it still held, its boot window: a Maxwell 1.0 phone
        // that took the release then holds it and never fetches its step 3 again, so it would never be confirmed; see
        // docs/rollouts.md. The Service sends the killed process nothing more, as it would once its readiness failed.)
        List<String> early = groupZero.subList(0, 4);
        List<String> late = groupZero.subList(4, 7);
        List<String> duringOutage = groupZero.subList(7, groupZero.size());
        Map<TopicPartition, Long> checkinsBefore = ends(CHECKINS);
        boot(early).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(releaseB));
        awaitConfirmationsOnTheTopic(early, checkinsBefore);
        balancer.route(List.of(second));
        platform.kill(first);
        // A few more boot through the survivor. Their confirmations reach the broker before it stops; those on the
        // killed consumer's partitions wait there until the broker gives up on it (Kafka's session timeout, 45 s,
        // counted again from the broker's restart): late, and past the first group's one-minute window before they
        // are read. The engine's time is the check-in stream's, which stands still meanwhile: none of them times out.
        boot(late).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(releaseB));
        awaitConfirmationsOnTheTopic(late, checkinsBefore);

        platform.stopKafka();
        long outageBegan = System.nanoTime();
        // The broker is away. The survivor serves every phone from memory, as before: the first group B (the last
        // three take it now), the second A. It publishes check-ins best effort (a device's request never waits for
        // Kafka): its producer holds them for a broker that comes back within its delivery timeout, so the three
        // confirmations arrive late, not lost. A check-in of a longer outage would be dropped: a phone that booted
        // during it must boot again afterwards, and one that took the release then is never confirmed.
        Map<String, Report> during = boot(macs);
        SoftAssertions.assertSoftly(soft -> during.forEach((mac, report) -> soft.assertThat(report.uvc())
                .as(report.text()).isEqualTo(groupZero.contains(mac) ? releaseB : releaseA)));
        assertThat(duringOutage).allSatisfy(mac -> assertThat(during.get(mac).settings())
                .isEqualTo(SettingsOutcome.DOWNLOADED));
        // A rollout's state is the database's: a person pauses and resumes it without Kafka, and the events of both
        // wait in the outbox for the broker (late, not lost).
        provisioning(second).post("/api/v1/rollouts/" + id + "/pause").then().statusCode(200)
                .body("status", equalTo("paused"));
        provisioning(second).post("/api/v1/rollouts/" + id + "/resume").then().statusCode(200)
                .body("status", equalTo("running")).body("currentGroup", equalTo(0));
        // away longer than a check-in producer held on to a check-in before (10 s)
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - outageBegan).toMillis()));
        platform.startKafka();

        // The killed process comes back as a new one beside the survivor, from what the database and Kafka hold.
        CompletableFuture<String> restarting = CompletableFuture.supplyAsync(() -> platform.startReplica("provisioning"));
        boot(macs);
        String third = restarting.join();
        balancer.route(List.of(second, third));

        // Every phone boots, round after round, through both processes, until the rollout has finished by itself.
        // A phone not offered B when a round ended cannot have been offered it during the round: it got A.
        int[] rounds = {0};
        long[] firstGroupSettled = {0};
        await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Report> round = boot(macs);
            rounds[0]++;
            Set<String> scheduled = devices(id, "scheduled");
            SoftAssertions.assertSoftly(soft -> round.forEach((mac, report) -> {
                soft.assertThat(report.uvc()).as(report.text()).isIn(releaseA, releaseB);
                if (scheduled.contains(mac)) {
                    soft.assertThat(report.uvc()).as("not offered B yet: " + report.text()).isEqualTo(releaseA);
                }
            }));
            JsonPath rollout = rollout(id);
            if (!Collections.disjoint(rollout.getMap("total").keySet(), List.of("failed", "timed_out", "excluded"))) {
                fail("devices failed or timed out: " + failures(id, checkinsBefore));
            }
            assertThat(rollout.getString("status")).isIn("running", "finished");
            if (firstGroupSettled[0] == 0 && rollout.getInt("currentGroup") > 0) {
                firstGroupSettled[0] = System.nanoTime();
            }
            return rollout.getString("status").equals("finished");
        });
        System.out.printf("[rollouts-resilience] the first group confirmed %d s after its offer (window 60 s);"
                        + " finished after %d rounds of boots%n",
                Duration.ofNanos(firstGroupSettled[0] - offeredAt).toSeconds(), rounds[0]);

        // every device confirmed once: the group counts add up to the groups' sizes, and the dynamic group is empty
        JsonPath finished = rollout(id);
        assertThat(finished.getList("groups.status", String.class)).containsOnly("succeeded").hasSize(3);
        assertThat(finished.getMap("groups[0].devices")).containsExactly(Map.entry("confirmed", PHONES / 2));
        assertThat(finished.getMap("groups[1].devices")).containsExactly(Map.entry("confirmed", PHONES / 2));
        assertThat(finished.getMap("groups[2].devices")).isEmpty();
        assertThat(finished.getMap("total")).containsExactly(Map.entry("confirmed", PHONES));
        assertThat(finished.getList("pauseReasons")).isEmpty();
        assertThat(devices(id, "confirmed")).containsExactlyInAnyOrderElementsOf(macs);
        // finished: B is every phone's, from either process
        boot(macs).values().forEach(report -> {
            assertThat(report.uvc()).as(report.text()).isEqualTo(releaseB);
            assertThat(report.params()).containsEntry("SIP.Account.0.DisplayName", "Release B");
        });

        // The rollout's events, as the topic holds them, the ones written while the broker was away included. A
        // killed relay may have sent its last batch again: the same events, under the same ids.
        List<JsonPath> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            events.clear();
            events.addAll(rolloutEvents("acme/" + id));
            assertThat(events).last().satisfies(event ->
                    assertThat(event.getString("type")).isEqualTo("rollout.finished"));
        });
        assertThat(events.stream().map(event -> event.getString("type")).toList())
                .containsSubsequence("rollout.created", "rollout.started", "rollout.paused", "rollout.resumed",
                        "rollout.finished")
                .filteredOn(type -> !type.equals("rollout.group.started")).doesNotHaveDuplicates();
        // each group started once, in order: no two processes advanced the same group
        assertThat(events.stream().filter(event -> event.getString("type").equals("rollout.group.started"))
                .map(event -> event.getInt("payload.currentGroup")).toList())
                .containsExactlyElementsOf(IntStream.range(0, 3).boxed().toList());
        // versions only grow; the events of one input carry the same snapshot, so the same version
        for (int i = 1; i < events.size(); i++) {
            JsonPath before = events.get(i - 1);
            JsonPath event = events.get(i);
            long version = event.getLong("payload.version");
            assertThat(version).as(event.prettify()).isGreaterThanOrEqualTo(before.getLong("payload.version"));
            if (version == before.getLong("payload.version")) {
                assertThat(event.getMap("payload")).as(event.prettify()).isEqualTo(before.getMap("payload"));
            }
        }
        JsonPath last = events.get(events.size() - 1);
        assertThat(last.getString("payload.status")).isEqualTo("finished");
        assertThat(last.getLong("payload.version")).isEqualTo(finished.getLong("version"));
        assertThat(last.getMap("payload.groups[0].devices")).containsExactly(Map.entry("confirmed", PHONES / 2));
        assertThat(last.getMap("payload.groups[1].devices")).containsExactly(Map.entry("confirmed", PHONES / 2));
    }

    /** Changes the profile's display name and publishes it for rollouts; answers its UVC. */
    private static String publishForRollouts(String displayName) {
        provisioning(first).body(Map.of("dialect", "maxwell-1.0",
                        "parameters", RolloutProfiles.parameters(displayName)))
                .put("/api/v1/profiles/" + PROFILE).then().statusCode(200);
        return provisioning(first).queryParam("audience", "rollout").post("/api/v1/profiles/" + PROFILE + "/releases")
                .then().statusCode(201).body("audience.type", equalTo("rollout")).extract().path("uvc");
    }

    /** Two equal groups, the next one started when a group has all confirmed, the API's shortest window. */
    private static Map<String, Object> request(String uvc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", PROFILE);
        body.put("uvc", uvc);
        body.put("groupCount", 2);
        body.put("successPercent", 100);
        body.put("successAction", "next_group");
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 1);
        return body;
    }

    private static JsonPath rollout(String id) {
        return provisioning(second).get("/api/v1/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The MACs of the rollout's devices in one state. */
    private static Set<String> devices(String id, String state) {
        List<String> found = provisioning(second).queryParam("state", state).queryParam("size", 100)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200).extract().path("items.mac");
        Set<String> lower = new HashSet<>();
        found.forEach(mac -> lower.add(Mac.parse(mac).lower()));
        return lower;
    }

    /**
     * The rollout's events on {@code provisioning-rollouts} in the topic's order, each once: an event sent again (the
     * same id) is the at-least-once delivery of one event, not a second decision.
     */
    private static List<JsonPath> rolloutEvents(String key) {
        Set<String> ids = new HashSet<>();
        List<JsonPath> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(ROLLOUTS, Map.of())) {
            JsonPath event = JsonPath.from(record.value());
            if (key.equals(record.key()) && ids.add(event.getString("id"))) {
                events.add(event);
            }
        }
        return events;
    }

    /** The rollout's failed and timed-out devices, and the check-ins of them on the topic since the given offsets. */
    private static String failures(String id, Map<TopicPartition, Long> from) {
        StringBuilder text = new StringBuilder();
        for (String state : List.of("failed", "timed_out", "excluded")) {
            JsonPath devices = provisioning(second).queryParam("state", state).queryParam("size", 100)
                    .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200).extract().jsonPath();
            text.append('\n').append(state).append(": ").append(devices.getList("items").toString());
            for (String mac : devices.getList("items.mac", String.class)) {
                String key = Mac.parse(mac).lower();
                records(CHECKINS, from).stream().filter(record -> key.equals(record.key())).forEach(record -> text
                        .append("\n  ").append(record.timestamp()).append(' ').append(JsonPath.from(record.value())
                                .getString("payload")));
            }
        }
        return text.toString();
    }

    /** Waits until each phone's check-in naming its step 3, {@code nvm/settings.xml}, is on the topic. */
    private static void awaitConfirmationsOnTheTopic(List<String> phones, Map<TopicPartition, Long> from) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> records(CHECKINS, from)
                .stream().filter(record -> JsonPath.from(record.value()).getList("payload.files")
                        .contains("nvm/settings.xml"))
                .map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(phones));
    }

    /** Every record of the topic from the given offsets on (from its beginning where none is given). */
    private static List<ConsumerRecord<String, String>> records(String topic, Map<TopicPartition, Long> from) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    /** Where each partition of the topic ends now. */
    private static Map<TopicPartition, Long> ends(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList());
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Boots each phone once, one after another, through the load balancer, remembering what it holds; every boot must
     * succeed.
     */
    private static Map<String, Report> boot(List<String> phones) {
        Map<String, Report> reports = new LinkedHashMap<>();
        for (String mac : phones) {
            Report report = simulator.boot(Family.MAXWELL_1_0, PhoneOptions.builder().mac(mac)
                    .url(balancer.url() + "/prov/%MACD/").timeout(Duration.ofSeconds(20)).build());
            assertThat(report.ok()).as(report.text()).isTrue();
            assertThat(report.settings()).as(report.text()).isNotEqualTo(SettingsOutcome.NONE);
            reports.put(mac, report);
        }
        return reports;
    }

    private static String acme() {
        return keycloak.acme();
    }

    private static RequestSpecification provisioning(String process) {
        return RestAssured.given().baseUri(process).auth().oauth2(acme()).contentType(ContentType.JSON);
    }
}
