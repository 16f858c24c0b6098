package org.telprov.provisioning.device;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;

import static org.telprov.testing.TestEvents.withType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.awaitDeviceVersion;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.deviceEvent;
import static org.telprov.provisioning.Provisioning.send;
import static org.telprov.provisioning.Provisioning.stored;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceReadModelTest {

    @Test
    void aRedeliveredOrOlderSnapshotChangesNothing() {
        EventEnvelope registered = deviceEvent(DeviceSnapshot.REGISTERED, "0b0000000001", "dev-acme", "mx3b", "p1", 1);
        send(registered);
        awaitDeviceVersion("0b0000000001", 1);
        device(DeviceSnapshot.UPDATED, "0b0000000001", "dev-acme", "mx3b", "p2", 3);

        // the first event again (a redelivery), and an older snapshot with a new id (a reordering)
        send(registered);
        send(deviceEvent(DeviceSnapshot.UPDATED, "0b0000000001", "dev-acme", "mx3b", "p-stale", 2));
        // a marker behind them on the same partition: once it is applied, they have been too
        device(DeviceSnapshot.REGISTERED, "0b0000000001", "dev-acme", "mx3b", "p2", 4);

        Device device = stored("0b0000000001");
        assertThat(device.profile).isEqualTo("p2");
        assertThat(device.version).isEqualTo(4);
    }

    @Test
    void aReleasedDeviceKeepsItsRowAndVersion() {
        device(DeviceSnapshot.REGISTERED, "0b0000000002", "dev-acme", "mx3b", "p1", 1);
        device(DeviceSnapshot.RELEASED, "0b0000000002", "dev-acme", "mx3b", "p1", 2);
        assertThat(stored("0b0000000002").released).isTrue();
        device(DeviceSnapshot.REGISTERED, "0b0000000002", "dev-globex", "mx3b", "g1", 3);
        Device reclaimed = stored("0b0000000002");
        assertThat(reclaimed.released).isFalse();
        assertThat(reclaimed.tenantId).isEqualTo("dev-globex");
    }

    @Test
    void unknownTypesAndPoisonGoToTheDeadLetterTopic() {
        EventEnvelope unknown = withType("device.teleported",
                deviceEvent(DeviceSnapshot.REGISTERED, "0b0000000003", "dev-acme", "mx3b", "p1", 1));
        send(unknown);
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES, "0b0000000003", "not json");
        device(DeviceSnapshot.REGISTERED, "0b0000000004", "dev-acme", "mx3b", "p1", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> TopicProbe.matching(KafkaResource.bootstrapServers(),
                "provisioning-dlq", r -> "0b0000000003".equals(r.key()), Duration.ofSeconds(2)).size() == 2);
        assertThat(stored("0b0000000003")).isNull();
        assertThat(EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(), "provisioning-dlq",
                r -> "0b0000000003".equals(r.key()) && r.value().startsWith("{"), Duration.ofSeconds(10)).value()).id())
                .isEqualTo(unknown.id());
    }
}
