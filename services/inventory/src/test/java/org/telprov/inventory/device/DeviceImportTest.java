package org.telprov.inventory.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.support.outbox.OutboxRelay;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceImportTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void tenants() {
        ensureTenant("acme");
        ensureTenant("globex");
    }

    @Test
    void eachRowIsCheckedOnItsOwnAndARerunOfTheSameFileChangesNothing() {
        as(TestTokens.partnerAdmin("globex")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/2a00000000ff").then().statusCode(201);
        String csv = """
                mac,vendor,model,serial,labels
                2a:00:00:00:00:01,gigaset-maxwell,mx3b,S1,floor-1;pilot
                2a-00-00-00-00-02,auerswald-comfortel,D200,,
                not-a-mac,gigaset-maxwell,mx3b,,
                2a0000000003,gigaset-maxwell,,,
                2a0000000001,gigaset-maxwell,mx3b,S1-again,
                2a00000000ff,gigaset-maxwell,mx3b,,
                2a0000000004,gigaset-maxwell,"mx3b<script>",,
                """;

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200)
                .body("rows", equalTo(7), "claimed", equalTo(2), "updated", equalTo(0), "unchanged", equalTo(0))
                .body("rejected.row", equalTo(List.of(3, 4, 5, 6, 7)))
                .body("rejected.code", equalTo(List.of("invalid_mac", "validation_failed", "duplicate_mac",
                        "owned_by_other_tenant", "validation_failed")))
                .body("rejected[1].message", equalTo("model: must not be blank"));

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/2a0000000001")
                .then().statusCode(200).body("serial", equalTo("S1"), "labels", equalTo(List.of("floor-1", "pilot")));

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(0), "updated", equalTo(0), "unchanged", equalTo(2));

        TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES_BULK, r -> "2a0000000002".equals(r.key())
                && DeviceSnapshot.REGISTERED.is(EventCodec.fromJson(r.value())), Duration.ofSeconds(60));
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "2a0000000002").get("/api/v1/audit")
                .then().body("items.action", equalTo(List.of("claim")));
    }

    @Test
    void aModelLongerThanItsColumnIsOneRejectedRowNotAFailedImport() {
        String csv = "mac,vendor,model\n"
                + "2e0000000001,gigaset-maxwell,mx3b\n"
                + "2e0000000002,gigaset-maxwell," + "m".repeat(60) + "\n"
                + "2e0000000003,gigaset-maxwell," + "m".repeat(50) + "\n";

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200)
                .body("claimed", equalTo(2))
                .body("rejected.row", equalTo(List.of(2)))
                .body("rejected.code", equalTo(List.of("validation_failed")));
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "m".repeat(60)))
                .put("/api/v1/devices/2e0000000004")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("model")));
    }

    @Test
    void rowsAreCheckedInFileOrderAcrossChunks() {
        // more rows than one chunk of the import (1,000), so later chunks are checked while earlier ones are written
        StringBuilder csv = new StringBuilder("mac,vendor,model\n");
        for (int row = 1; row <= 2_500; row++) {
            String mac = row == 1_700 ? "270000000005" : String.format("27%010x", row);
            String model = row == 2_100 ? "" : "mx3b";
            csv.append(mac).append(",gigaset-maxwell,").append(model).append('\n');
        }

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200)
                .body("rows", equalTo(2_500), "claimed", equalTo(2_498))
                .body("rejected.row", equalTo(List.of(1_700, 2_100)))
                .body("rejected.code", equalTo(List.of("duplicate_mac", "validation_failed")))
                .body("rejected[1].message", equalTo("model: must not be blank"));
        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/2700000009c4").then().statusCode(200);
    }

    @Test
    void aJsonArrayImportsLikeCsvAndAChangedRowIsAnUpdate() {
        as(TestTokens.partnerAdmin("acme")).body(List.of(
                        Map.of("mac", "2b0000000001", "vendor", "plug-n-dial", "model", "generic"),
                        Map.of("mac", "2b0000000002", "vendor", "plug-n-dial", "model", "generic", "tenantId", "globex")))
                .post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(1))
                .body("rejected[0].code", equalTo("malformed_row"))
                .body("rejected[0].message", equalTo("unknown field 'tenantId'"));

        as(TestTokens.partnerAdmin("acme"))
                .body(List.of(Map.of("mac", "2b0000000001", "vendor", "plug-n-dial", "model", "generic", "serial", "X")))
                .post("/api/v1/devices/import")
                .then().statusCode(200).body("updated", equalTo(1), "claimed", equalTo(0));
    }

    @Test
    void aFileThatIsNotCsvOrHasTheWrongColumnsIsRefusedWhole() {
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body("mac,vendor\n2c0000000001,x\n")
                .post("/api/v1/devices/import")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_csv_header"));
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body("mac,vendor,model,tenant\n")
                .post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("invalid_csv_header"));
        as(TestTokens.partnerAdmin("acme")).body("{\"mac\": \"2c0000000001\"}").post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
        as(TestTokens.partnerAdmin("acme")).body("[{\"mac\": ").post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
        as(TestTokens.partner("acme", "partner")).contentType("text/csv").body("mac,vendor,model\n")
                .post("/api/v1/devices/import").then().statusCode(403);
    }

    @Test
    void tenThousandRowsImportInOneRequest() {
        StringBuilder csv = new StringBuilder("mac,vendor,model,labels\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("2d%010x,gigaset-maxwell,mx3b,batch-%d%n", i, i % 10));
        }
        long started = System.nanoTime();
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(10_000), "rejected", equalTo(List.of()));
        System.out.printf("imported 10,000 devices in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        as(TestTokens.partnerAdmin("acme")).queryParam("macPrefix", "2d").queryParam("label", "batch-3")
                .get("/api/v1/devices").then().body("total", equalTo(1_000));
        TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES_BULK, r -> "2d000000270f".equals(r.key()),
                Duration.ofSeconds(60));
    }

    @Test
    void aHundredThousandRowsTheLimitImportInOneRequest() {
        StringBuilder csv = new StringBuilder("mac,vendor,model,serial,labels\n");
        for (int i = 0; i < ImportFiles.MAX_ROWS; i++) {
            csv.append(String.format("2f%010x,gigaset-maxwell,mx3b,S%d,wave-%d;floor-%d%n", i, i, i % 10, i % 7));
        }
        long started = System.nanoTime();
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(ImportFiles.MAX_ROWS), "rejected", equalTo(List.of()));
        System.out.printf("imported 100,000 devices in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        as(TestTokens.partnerAdmin("acme")).queryParam("macPrefix", "2f").queryParam("label", "wave-3")
                .get("/api/v1/devices").then().body("total", equalTo(10_000));
        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/2f000001869f")
                .then().statusCode(200).body("serial", equalTo("S99999"), "labels", equalTo(List.of("floor-4", "wave-9")));
        assertThat(count("select count(*) from audit_entry where mac like '2f%' and action = 'claim'"))
                .isEqualTo(ImportFiles.MAX_ROWS);
    }

    @Test
    void anImportsEventsTakeTheBulkLaneAndASinglePutsTheInteractiveOne() {
        String csv = """
                mac,vendor,model,serial
                300000000001,gigaset-maxwell,mx3b,S1
                300000000002,gigaset-maxwell,mx3b,
                """;

        // While the test holds the relay's locks, the committed rows stay in the outbox for it to read.
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> {
            for (OutboxRelay.Lane lane : OutboxRelay.Lane.values()) {
                entityManager.createNativeQuery("select pg_advisory_xact_lock(" + OutboxRelay.LOCK_KEYS + ")")
                        .setParameter(1, lane.advisoryLock()).getSingleResult();
            }
            as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                    .put("/api/v1/devices/300000000001").then().statusCode(201);
            as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                    .then().statusCode(200).body("claimed", equalTo(1), "updated", equalTo(1));
            as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "serial", "S2"))
                    .put("/api/v1/devices/300000000002").then().statusCode(200);
            return outboxRows("300000000001", "300000000002");
        });

        assertThat(rows).extracting(row -> row[0], row -> row[1], row -> row[2], row -> row[3]).containsExactlyInAnyOrder(
                tuple("300000000001", Topics.INVENTORY_DEVICES, false, DeviceSnapshot.REGISTERED.type()),
                tuple("300000000001", Topics.INVENTORY_DEVICES_BULK, true, DeviceSnapshot.UPDATED.type()),
                tuple("300000000002", Topics.INVENTORY_DEVICES_BULK, true, DeviceSnapshot.REGISTERED.type()),
                tuple("300000000002", Topics.INVENTORY_DEVICES, false, DeviceSnapshot.UPDATED.type()));
        EventEnvelope update = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES_BULK,
                r -> "300000000001".equals(r.key()), Duration.ofSeconds(60)).value());
        assertThat(update.type()).isEqualTo(DeviceSnapshot.UPDATED.type());
        assertThat(update.tenantId()).isEqualTo("acme");
        assertThat(EventCodec.payload(update, DeviceSnapshot.class))
                .isEqualTo(new DeviceSnapshot("300000000001", "acme", "gigaset-maxwell", "mx3b", "S1", null, List.of(), 2));
        EventEnvelope claim = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES_BULK,
                r -> "300000000002".equals(r.key()), Duration.ofSeconds(60)).value());
        assertThat(EventCodec.payload(claim, DeviceSnapshot.class).version()).isEqualTo(1);
        EventEnvelope put = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES,
                r -> "300000000002".equals(r.key()), Duration.ofSeconds(60)).value());
        assertThat(EventCodec.payload(put, DeviceSnapshot.class).version()).isEqualTo(2);
    }

    @Test
    void everyClaimAndUpdateOfAnImportIsAuditedWithBeforeAndAfter() {
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "serial", "S1",
                "labels", List.of("pilot"))).put("/api/v1/devices/310000000001").then().statusCode(201);
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/310000000003").then().statusCode(201);
        String createdAt = as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/310000000001").path("createdAt");
        String csv = """
                mac,vendor,model,serial,profile,labels
                310000000001,gigaset-maxwell,mx3b,S2,sales,pilot;floor-2
                310000000002,auerswald-comfortel,D200,,,wave-1
                310000000003,gigaset-maxwell,mx3b,,,
                """;

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(1), "updated", equalTo(1), "unchanged", equalTo(1));

        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "310000000001").get("/api/v1/audit")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("update", "claim")))
                .body("items[0].actor", equalTo("partner-acme"))
                .body("items[0].tenantId", equalTo("acme"))
                .body("items[0].before.serial", equalTo("S1"), "items[0].before.labels", equalTo(List.of("pilot")))
                .body("items[0].before.profile", nullValue())
                .body("items[0].after.serial", equalTo("S2"), "items[0].after.profile", equalTo("sales"))
                .body("items[0].after.labels", equalTo(List.of("floor-2", "pilot")))
                .body("items[0].after.createdAt", equalTo(createdAt), "items[0].after.tenantId", equalTo("acme"));
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "310000000002").get("/api/v1/audit")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("claim")))
                .body("items[0].actor", equalTo("partner-acme"))
                .body("items[0].before", nullValue())
                .body("items[0].after.mac", equalTo("310000000002"), "items[0].after.vendor", equalTo("auerswald-comfortel"))
                .body("items[0].after.labels", equalTo(List.of("wave-1")), "items[0].after.createdAt", notNullValue())
                .body("items[0].after.checkin.lastSeen", nullValue());
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "310000000003").get("/api/v1/audit")
                .then().body("items.action", equalTo(List.of("claim")));

        // a single change after the import is the newest entry, as it would be after a PUT
        as(TestTokens.partnerAdmin("acme")).body(Map.of("profile", "front-desk"))
                .put("/api/v1/devices/310000000002/profile").then().statusCode(200);
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "310000000002").get("/api/v1/audit")
                .then().body("items.action", equalTo(List.of("move", "claim")));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> outboxRows(String... macs) {
        return entityManager.createNativeQuery("""
                        select message_key, topic, bulk, event_type from outbox_event
                        where message_key in (:macs) order by message_key, id""")
                .setParameter("macs", List.of(macs))
                .getResultList();
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(
                () -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
