package org.telprov.inventory.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class CheckinTest {

    @Inject
    CheckinListener listener;

    @Inject
    CheckinService service;

    @Inject
    DataSource dataSource;

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @BeforeEach
    void devices() {
        ensureTenant("acme");
        ensureTenant("globex");
        for (String mac : List.of("1a0000000001", "1a0000000002", "1a0000000003", "1a0000000004", "1a0000000005",
                "1a0000000007", "1a0000000009")) {
            as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                    .put("/api/v1/devices/" + mac);
        }
    }

    @Test
    void theLastCheckinIsKeptWithWhatWasServedAndAnOlderOneOnlyJoinsTheHistory() {
        send(checkin(DeviceCheckin.REDIRECTED, "1a0000000001", "acme", "redirect", null, null, T0));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000001", "acme", "provisioning", "2026-11-20_08:00:05", null,
                T0.plusSeconds(5)));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000001", "acme", "firmware", null, "1.2.3", T0.plusSeconds(9)));
        send(checkin(DeviceCheckin.REDIRECTED, "1a0000000001", "acme", "redirect", null, null, T0.minusSeconds(60)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000001/checkins")
                        .then().statusCode(200).body("items", hasSize(3)).body("total", equalTo(3)));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000001")
                .then().statusCode(200)
                .body("checkin.firstSeen", equalTo(T0.minusSeconds(60).toString()))
                .body("checkin.lastSeen", equalTo(T0.plusSeconds(9).toString()))
                .body("checkin.lastService", equalTo("firmware"))
                .body("checkin.lastUvc", equalTo("2026-11-20_08:00:05"))
                .body("checkin.lastFirmware", equalTo("1.2.3"))
                .body("checkin.lastUserAgent", equalTo("Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F80E0F5A7"));
        // the history holds the newest three (telprov.inventory.checkin-history=3 in tests), newest first
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000001/checkins")
                .then().body("items.service", equalTo(List.of("firmware", "provisioning", "redirect")))
                .body("items[2].at", equalTo(T0.toString()));
    }

    /** Each service publishes through its own outbox: a firmware download may arrive after the files that followed it. */
    @Test
    void theFirmwareAndTheReleaseADeviceHasAreTheNewestOfTheirKindWhateverArrivesAfterThem() {
        send(checkin(DeviceCheckin.FETCHED, "1a0000000004", "acme", "provisioning", "2026-11-20_08:00:05", null,
                T0.plusSeconds(5)));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000004", "acme", "firmware", null, "2.0.0", T0.plusSeconds(1)));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000004", "acme", "provisioning", "2026-11-19_08:00:00", null,
                T0.plusSeconds(2)));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000004", "acme", "firmware", null, "1.0.0", T0));

        // only the last one sent is at T0: once it is the first seen, all four have been applied
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000004")
                        .then().statusCode(200).body("checkin.firstSeen", equalTo(T0.toString())));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000004")
                .then().statusCode(200)
                .body("checkin.lastSeen", equalTo(T0.plusSeconds(5).toString()))
                .body("checkin.lastService", equalTo("provisioning"))
                .body("checkin.lastUvc", equalTo("2026-11-20_08:00:05"))
                .body("checkin.lastFirmware", equalTo("2.0.0"));
    }

    @Test
    void aRedeliveredCheckinIsCountedOnceAndOneForAnotherTenantIsIgnored() {
        EventEnvelope event = checkin(DeviceCheckin.FETCHED, "1a0000000002", "acme", "provisioning", "u1", null, T0);
        send(event);
        send(event);
        send(checkin(DeviceCheckin.FETCHED, "1a0000000002", "globex", "provisioning", "u2", null, T0.plusSeconds(1)));
        send(checkin(DeviceCheckin.FETCHED, "1a0000000002", "acme", "provisioning", "u3", null, T0.plusSeconds(2)));

        // one key, one partition: once the last event is applied, everything before it has been too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000002")
                        .then().body("checkin.lastUvc", equalTo("u3")));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000002/checkins")
                .then().body("items.uvc", equalTo(List.of("u3", "u1")));
    }

    @Test
    void aBatchIsAppliedAroundARedeliveryAndPoisonAndRedeliveringItWholeChangesNothing() {
        EventEnvelope first = checkin(DeviceCheckin.FETCHED, "1a0000000005", "acme", "provisioning", "b1", null, T0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>(List.of(
                record(first, 0),
                record(first, 1),
                new ConsumerRecord<>(Topics.DEVICE_CHECKINS, 0, 2, "1a0000000006", "{ not a check-in"),
                record(checkin(DeviceCheckin.FETCHED, "1a0000000005", "acme", "provisioning", "b2", null,
                        T0.plusSeconds(1)), 3)));
        for (int i = 0; i < 4; i++) {
            records.add(record(checkin(DeviceCheckin.REDIRECTED, "1a0000000007", "acme", "redirect", null, null,
                    T0.plusSeconds(i)), 4 + i));
        }
        ConsumerRecords<String, String> batch = new ConsumerRecords<>(
                Map.of(new TopicPartition(Topics.DEVICE_CHECKINS, 0), records), Map.of());

        listener.onCheckins(batch);
        listener.onCheckins(batch);

        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000005/checkins")
                .then().statusCode(200).body("items.uvc", equalTo(List.of("b2", "b1")));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000005")
                .then().body("checkin.lastUvc", equalTo("b2"));
        // the history of every device of the batch is bounded (telprov.inventory.checkin-history=3 in tests)
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000007/checkins")
                .then().statusCode(200).body("items.at", equalTo(List.of(T0.plusSeconds(3).toString(),
                        T0.plusSeconds(2).toString(), T0.plusSeconds(1).toString())));
        // the listener returns once the broker acknowledged its dead letters: what is on the topic now is all of them
        assertThat(TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), "inventory-dlq",
                r -> r.key() != null && r.key().startsWith("1a000000000"))
                .stream().map(ConsumerRecord::key).toList()).containsExactly("1a0000000006", "1a0000000006");
    }

    @Test
    void aBatchIsAppliedWithOneStatementPerTableAndTheHistoryShowsTheFilesOfEachBoot() throws Exception {
        for (String mac : List.of("1a000000000c", "1a000000000d")) {
            as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                    .put("/api/v1/devices/" + mac);
        }
        List<CheckinService.Checkin> batch = List.of(
                service.read(boot("1a000000000c", List.of("provisioning.xml", "nvm/updates.xml", "nvm/settings.xml"),
                        "f1", T0)),
                service.read(checkin(DeviceCheckin.REDIRECTED, "1a000000000c", "acme", "redirect", null, null,
                        T0.minusSeconds(1))),
                service.read(boot("1a000000000d", List.of("nvm/updates.xml", "nvm/settings.xml"), "f2", T0)),
                // as provisioning sent them before check-ins named their files: one file each
                service.read(checkin(DeviceCheckin.FETCHED, "1a000000000d", "acme", "provisioning", "f3", null,
                        T0.plusSeconds(2))),
                // not acme's device: neither the device nor the history takes it
                service.read(checkin(DeviceCheckin.REDIRECTED, "1a000000000d", "globex", "redirect", null, null,
                        T0.plusSeconds(3))));
        List<String> statements = new ArrayList<>();

        try (Connection connection = dataSource.getConnection()) {
            CheckinStatements.apply(counting(connection, statements), batch, 3);
        }

        // the rows beyond each history's three are looked for; there are none, so nothing is deleted
        assertThat(statements).containsExactly("update device", "insert into device_checkin", "select");
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000c/checkins")
                .then().statusCode(200)
                .body("items.service", equalTo(List.of("provisioning", "redirect")))
                .body("items[0].files", equalTo(List.of("provisioning.xml", "nvm/updates.xml", "nvm/settings.xml")))
                .body("items[0].file", equalTo("nvm/settings.xml"))
                .body("items[1].files", equalTo(List.of()));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000c")
                .then().body("checkin.firstSeen", equalTo(T0.minusSeconds(1).toString()))
                .body("checkin.lastSeen", equalTo(T0.toString()))
                .body("checkin.lastService", equalTo("provisioning"))
                .body("checkin.lastFile", equalTo("nvm/settings.xml"))
                .body("checkin.lastUvc", equalTo("f1"));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000d/checkins")
                .then().statusCode(200).body("items.uvc", equalTo(List.of("f3", "f2")))
                .body("items[0].files", equalTo(List.of("settings.xml")));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000d")
                .then().body("checkin.lastSeen", equalTo(T0.plusSeconds(2).toString()))
                .body("checkin.lastUvc", equalTo("f3"))
                .body("checkin.lastService", equalTo("provisioning"));

        // two more boots of 1a000000000c: its history of four loses the oldest, with one more statement
        statements.clear();
        try (Connection connection = dataSource.getConnection()) {
            CheckinStatements.apply(counting(connection, statements), List.of(
                    service.read(boot("1a000000000c", List.of("nvm/settings.xml"), "f4", T0.plusSeconds(10))),
                    service.read(boot("1a000000000c", List.of("nvm/settings.xml"), "f5", T0.plusSeconds(20)))), 3);
        }
        assertThat(statements).containsExactly("update device", "insert into device_checkin", "select",
                "delete from device_checkin");
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000c/checkins")
                .then().statusCode(200).body("items.uvc", equalTo(List.of("f5", "f4", "f1")));
    }

    @Test
    void aBootsCheckinReachesTheHistoryWithItsFilesAndProtocolThroughTheTopic() {
        send(boot("1a0000000009", List.of("nvm/updates.xml", "nvm/settings.xml"), "t1", T0, DeviceCheckin.TFTP));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000009/checkins")
                        .then().statusCode(200).body("items[0].files", equalTo(List.of("nvm/updates.xml",
                                "nvm/settings.xml"))).body("items[0].protocol", equalTo("tftp")));
    }

    @Test
    void aHugeUserAgentWithControlCharactersIsStoredCutAndCleanedAndItsBatchIsNotDeadLettered() {
        for (String mac : List.of("1a000000000a", "1a000000000b")) {
            as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                    .put("/api/v1/devices/" + mac);
        }
        // as a producer that does not clean its check-ins would send it: 10 kB with a NUL and a line break
        String agent = "Gigaset\\u0000 N870\\r\\n" + "x".repeat(10_000); // JSON escapes
        String hostile = EventCodec.toJson(checkin(DeviceCheckin.REDIRECTED, "1a000000000a", "acme", "redirect", null,
                null, T0)).replace("Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F80E0F5A7", agent);
        ConsumerRecords<String, String> batch = new ConsumerRecords<>(Map.of(
                new TopicPartition(Topics.DEVICE_CHECKINS, 0), List.of(
                        new ConsumerRecord<>(Topics.DEVICE_CHECKINS, 0, 0, "1a000000000a", hostile),
                        record(checkin(DeviceCheckin.REDIRECTED, "1a000000000b", "acme", "redirect", null, null,
                                T0), 1))), Map.of());

        listener.onCheckins(batch);

        String stored = as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000a/checkins")
                .then().statusCode(200).body("items", hasSize(1)).extract().path("items[0].userAgent");
        assertThat(stored).startsWith("Gigaset N870xxx").hasSize(DeviceCheckin.USER_AGENT_LENGTH);
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000a")
                .then().body("checkin.lastUserAgent", equalTo(stored));
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a000000000b/checkins")
                .then().statusCode(200).body("items", hasSize(1));
        assertThat(TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), "inventory-dlq",
                r -> "1a000000000a".equals(r.key()) || "1a000000000b".equals(r.key()))).isEmpty();
    }

    @Test
    void theSummaryCountsDevicesNeverSeenAndSeenRecently() {
        send(checkin(DeviceCheckin.REDIRECTED, "1a0000000003", "acme", "redirect", null, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/1a0000000003")
                        .then().body("checkin.lastService", equalTo("redirect")));

        int total = as(TestTokens.partner("acme", "partner")).get("/api/v1/devices").then().extract().path("total");
        int neverSeen = as(TestTokens.partner("acme", "partner")).get("/api/v1/devices?size=500").then().extract()
                .jsonPath().getList("items.findAll { it.checkin.lastSeen == null }").size();
        as(TestTokens.partner("acme", "partner")).get("/api/v1/summary")
                .then().statusCode(200)
                .body("devices", equalTo(total))
                .body("neverSeen", equalTo(neverSeen))
                .body("seenLast24h", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        as(TestTokens.partnerAdmin("globex")).get("/api/v1/devices/1a0000000003/checkins").then().statusCode(404);
    }

    @Test
    void aReleasedMacsHistoryStaysWithItsClaimAndNeverReachesTheNextOwner() {
        String mac = "1a0000000008";
        Map<String, String> device = Map.of("vendor", "gigaset-maxwell", "model", "mx3b");
        as(TestTokens.partnerAdmin("acme")).body(device).put("/api/v1/devices/" + mac).then().statusCode(201);
        send(checkin(DeviceCheckin.FETCHED, mac, "acme", "provisioning", "acme-uvc", "1.0", T0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/" + mac + "/checkins")
                        .then().body("items.uvc", equalTo(List.of("acme-uvc"))));
        as(TestTokens.partnerAdmin("acme")).delete("/api/v1/devices/" + mac).then().statusCode(204);

        as(TestTokens.partnerAdmin("globex")).body(device).put("/api/v1/devices/" + mac).then().statusCode(201);
        // acme's late check-in belongs to nobody now; globex's own is its history's first entry
        send(checkin(DeviceCheckin.FETCHED, mac, "acme", "provisioning", "acme-late", null, T0.plusSeconds(1)));
        send(checkin(DeviceCheckin.REDIRECTED, mac, "globex", "redirect", null, null, T0.plusSeconds(2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.partner("globex", "partner")).get("/api/v1/devices/" + mac)
                        .then().body("checkin.lastService", equalTo("redirect")));

        as(TestTokens.partner("globex", "partner")).get("/api/v1/devices/" + mac + "/checkins")
                .then().statusCode(200).body("items.service", equalTo(List.of("redirect")))
                .body("items[0].sourceIp", equalTo("192.0.2.10"));
        as(TestTokens.partner("globex", "partner")).get("/api/v1/devices/" + mac)
                .then().body("checkin.lastUvc", org.hamcrest.Matchers.nullValue())
                .body("checkin.lastFirmware", org.hamcrest.Matchers.nullValue())
                .body("checkin.firstSeen", equalTo(T0.plusSeconds(2).toString()));
        // the device is not acme's any more: its history answers like an unknown device's
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/" + mac + "/checkins").then().statusCode(404);

        // nor does a new claim by the first owner bring the old history back
        as(TestTokens.partnerAdmin("globex")).delete("/api/v1/devices/" + mac).then().statusCode(204);
        as(TestTokens.partnerAdmin("acme")).body(device).put("/api/v1/devices/" + mac).then().statusCode(201);
        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/" + mac + "/checkins")
                .then().statusCode(200).body("items", hasSize(0));
    }

    private static EventEnvelope checkin(EventKind<DeviceCheckin> kind, String mac, String tenant, String service,
                                         String uvc, String firmware, Instant at) {
        return kind.envelope(new DeviceCheckin(mac, tenant, service, uvc == null ? null : "settings.xml", null, uvc,
                firmware, "192.0.2.10", "Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F80E0F5A7", at, null), at);
    }

    /** Provisioning's check-in of one boot: the files in the order fetched, the last one also as {@code file}. */
    private static EventEnvelope boot(String mac, List<String> files, String uvc, Instant at) {
        return boot(mac, files, uvc, at, DeviceCheckin.HTTP);
    }

    private static EventEnvelope boot(String mac, List<String> files, String uvc, Instant at, String protocol) {
        return DeviceCheckin.FETCHED.envelope(DeviceCheckin.provisioned(mac, "acme", files.get(files.size() - 1), files,
                uvc, "192.0.2.10", "Maxwell 3B/2.58", at, protocol), at);
    }

    /** The connection, noting each statement it prepares as its verb and table ("update device"), a query as "select". */
    private static Connection counting(Connection connection, List<String> statements) {
        Pattern verbAndTable = Pattern.compile("^\\s*(update \\w+|insert into \\w+|delete from \\w+|select)");
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                        Matcher matcher = verbAndTable.matcher(args == null ? "" : (String) args[0]);
                        statements.add(matcher.find() ? matcher.group(1) : "other");
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static ConsumerRecord<String, String> record(EventEnvelope event, long offset) {
        return new ConsumerRecord<>(Topics.DEVICE_CHECKINS, 0, offset, event.aggregateId(), EventCodec.toJson(event));
    }

    private static void send(EventEnvelope event) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, event.aggregateId(),
                EventCodec.toJson(event));
    }
}
