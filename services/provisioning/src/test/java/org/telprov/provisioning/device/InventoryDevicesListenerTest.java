package org.telprov.provisioning.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.telprov.testing.TestEvents.withType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.deviceEvent;
import static org.telprov.provisioning.Provisioning.stored;

/** The device listener given whole polled batches, as the Kafka connector hands them over. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class InventoryDevicesListenerTest {

    @Inject
    InventoryDevicesListener listener;

    @Inject
    EntityManager entityManager;

    private long offset;

    @Test
    void aBatchAppliesItsGoodEventsAroundARedeliveryAndPoisonAndKeepsTheNewestSnapshotPerDevice() {
        EventEnvelope registered = deviceEvent(DeviceSnapshot.REGISTERED, "0d0000000001", "dev-acme", "mx3b", "p1", 1);
        listener.onDevices(batch(
                record(registered),
                record(registered),
                record("0d0000000002", "{ this is not an event"),
                record(deviceEvent(DeviceSnapshot.UPDATED, "0d0000000001", "dev-acme", "mx3b", "p3", 3)),
                record(deviceEvent(DeviceSnapshot.UPDATED, "0d0000000001", "dev-acme", "mx3b", "p2", 2)),
                record(withType("device.teleported",
                        deviceEvent(DeviceSnapshot.REGISTERED, "0d0000000003", "dev-acme", "mx3b", "p1", 1))),
                record(deviceEvent(DeviceSnapshot.REGISTERED, "0d0000000005", "dev-acme", "mx3b", "p5", 1))));

        Device device = stored("0d0000000001");
        assertThat(device.profile).isEqualTo("p3");
        assertThat(device.version).isEqualTo(3);
        assertThat(stored("0d0000000005").profile).isEqualTo("p5");
        assertThat(stored("0d0000000003")).isNull();
        assertThat(deadLetteredKeys("0d000000000")).containsExactlyInAnyOrder("0d0000000002", "0d0000000003");
    }

    @Test
    void redeliveringAWholeBatchChangesNothingAndDeadLettersOnlyItsPoisonAgain() {
        ConsumerRecords<String, String> batch = batch(
                record(deviceEvent(DeviceSnapshot.REGISTERED, "0d0000000011", "dev-acme", "mx3b", "p1", 1)),
                record("0d0000000012", "not json"),
                record(deviceEvent(DeviceSnapshot.UPDATED, "0d0000000011", "dev-acme", "mx3b", "p2", 2)));
        listener.onDevices(batch);
        assertThat(stored("0d0000000011").version).isEqualTo(2);
        // Back to an older version: only the processed-event records keep the redelivered update from being written.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update device set profile = 'row', version = 1 where mac = '0d0000000011'").executeUpdate());

        listener.onDevices(batch);

        Device device = stored("0d0000000011");
        assertThat(device.profile).isEqualTo("row");
        assertThat(device.version).isEqualTo(1);
        assertThat(deadLetteredKeys("0d000000001")).containsExactly("0d0000000012", "0d0000000012");
    }

    private ConsumerRecord<String, String> record(EventEnvelope event) {
        return record(event.aggregateId(), EventCodec.toJson(event));
    }

    private ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.INVENTORY_DEVICES, 0, offset++, key, value);
    }

    @SafeVarargs
    private static ConsumerRecords<String, String> batch(ConsumerRecord<String, String>... records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.INVENTORY_DEVICES, 0),
                new ArrayList<>(List.of(records))), Map.of());
    }

    /** The listener returns once the broker acknowledged its dead letters: what is on the topic now is all of them. */
    private static List<String> deadLetteredKeys(String keyPrefix) {
        return TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), "provisioning-dlq",
                        r -> r.key() != null && r.key().startsWith(keyPrefix))
                .stream().map(ConsumerRecord::key).toList();
    }
}
