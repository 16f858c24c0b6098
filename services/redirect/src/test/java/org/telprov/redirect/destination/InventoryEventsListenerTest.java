package org.telprov.redirect.destination;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TopicProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;
import static org.telprov.testing.TestEvents.withType;

/** The device listener given whole polled batches, as the Kafka connector hands them over. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class InventoryEventsListenerTest {

    private static final String TEMPLATE = "http://prov.batch.example/{mac}?sn={serial}";

    @Inject
    InventoryEventsListener listener;

    @Inject
    EntityManager entityManager;

    private long offset;

    @BeforeEach
    void tenantOfTheBatches() {
        registered(tenant(TenantSnapshot.CREATED, "batch-globex", TEMPLATE, "active", 1),
                device(DeviceSnapshot.REGISTERED, "0c00000000ff", "batch-globex", null, 1));
    }

    @Test
    void aBatchAppliesItsGoodEventsAroundARedeliveryAndPoisonAndKeepsTheNewestSnapshotPerDevice() {
        EventEnvelope registered = device(DeviceSnapshot.REGISTERED, "0c0000000001", "batch-globex", "V1", 1);
        List<ConsumerRecord<String, String>> batch = List.of(
                record(registered),
                record(registered),
                record("0c0000000002", "{ this is not an event"),
                record(device(DeviceSnapshot.UPDATED, "0c0000000001", "batch-globex", "V3", 3)),
                record(device(DeviceSnapshot.UPDATED, "0c0000000001", "batch-globex", "V2", 2)),
                record(withType("device.exploded",
                        device(DeviceSnapshot.REGISTERED, "0c0000000003", "batch-globex", null, 1))),
                record(device(DeviceSnapshot.REGISTERED, "not-a-mac", "batch-globex", null, 1), "0c0000000004"),
                record(device(DeviceSnapshot.REGISTERED, "0c0000000005", "batch-globex", "A", 1)));

        listener.onDevices(batch(batch));

        assertThat(location("0c0000000001")).isEqualTo("http://prov.batch.example/0C0000000001?sn=V3");
        assertThat(location("0c0000000005")).isEqualTo("http://prov.batch.example/0C0000000005?sn=A");
        assertThat(storedVersion(0x0c0000000001L)).isEqualTo(3);
        assertThat(deadLetteredKeys("0c000000000")).containsExactlyInAnyOrder("0c0000000002", "0c0000000003",
                "0c0000000004");
    }

    @Test
    void redeliveringAWholeBatchChangesNothingAndDeadLettersOnlyItsPoisonAgain() {
        List<ConsumerRecord<String, String>> batch = List.of(
                record(device(DeviceSnapshot.REGISTERED, "0c0000000011", "batch-globex", "R1", 1)),
                record("0c0000000012", "not json"),
                record(device(DeviceSnapshot.UPDATED, "0c0000000011", "batch-globex", "R2", 2)));
        listener.onDevices(batch(batch));
        assertThat(location("0c0000000011")).endsWith("sn=R2");
        // A change only the row would show: had the redelivery been written again, it would be back to R2.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update device_route set serial = 'ROW' where mac = ?1").setParameter(1, 0x0c0000000011L).executeUpdate());

        listener.onDevices(batch(batch));

        assertThat(location("0c0000000011")).endsWith("sn=R2");
        assertThat(storedSerial(0x0c0000000011L)).isEqualTo("ROW");
        assertThat(storedVersion(0x0c0000000011L)).isEqualTo(2);
        assertThat(deadLetteredKeys("0c000000001")).containsExactly("0c0000000012", "0c0000000012");
    }

    @Test
    void aBatchAnotherReplicaAlreadyWroteWritesNothingButReachesThisReplicasMemory() {
        EventEnvelope first = device(DeviceSnapshot.REGISTERED, "0c0000000021", "batch-globex", "E1", 1);
        EventEnvelope second = device(DeviceSnapshot.REGISTERED, "0c0000000022", "batch-globex", "E2", 1);
        // what another replica leaves behind after applying the batch first, with rows changed since by nobody
        QuarkusTransaction.requiringNew().run(() -> {
            for (EventEnvelope event : List.of(first, second)) {
                entityManager.createNativeQuery("insert into processed_event (consumer, event_id, processed_at) "
                        + "values ('redirect.routes', ?1, now())").setParameter(1, event.id()).executeUpdate();
                entityManager.createNativeQuery("insert into device_route (mac, tenant_id, vendor, model, serial, "
                                + "released, version) values (?1, 'batch-globex', 'auerswald-comfortel', 'D200', 'ROW', false, 1)")
                        .setParameter(1, Long.parseLong(event.aggregateId(), 16)).executeUpdate();
            }
        });

        listener.onDevices(batch(List.of(record(first), record(second))));

        assertThat(location("0c0000000021")).endsWith("sn=E1");
        assertThat(location("0c0000000022")).endsWith("sn=E2");
        assertThat(storedSerial(0x0c0000000021L)).isEqualTo("ROW");
        assertThat(storedSerial(0x0c0000000022L)).isEqualTo("ROW");
    }

    private ConsumerRecord<String, String> record(EventEnvelope event) {
        return record(event, event.aggregateId());
    }

    private ConsumerRecord<String, String> record(EventEnvelope event, String key) {
        return record(key, EventCodec.toJson(event));
    }

    private ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.INVENTORY_DEVICES, 0, offset++, key, value);
    }

    private static ConsumerRecords<String, String> batch(List<ConsumerRecord<String, String>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.INVENTORY_DEVICES, 0), new ArrayList<>(records)),
                Map.of());
    }

    private long storedVersion(long mac) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select version from device_route where mac = ?1").setParameter(1, mac).getSingleResult()).longValue());
    }

    private String storedSerial(long mac) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select serial from device_route where mac = ?1").setParameter(1, mac).getSingleResult());
    }

    /** The listener returns once the broker acknowledged its dead letters: what is on the topic now is all of them. */
    private static List<String> deadLetteredKeys(String keyPrefix) {
        return TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), "redirect-dlq",
                        r -> r.key() != null && r.key().startsWith(keyPrefix))
                .stream().map(ConsumerRecord::key).toList();
    }

    private static String location(String mac) {
        var response = RestAssured.given().redirects().follow(false).get("/device/" + mac);
        return response.statusCode() == 302 ? response.header("Location") : null;
    }
}
