package org.telprov.redirect.destination;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.send;
import static org.telprov.redirect.Redirect.sendBulk;
import static org.telprov.redirect.Redirect.tenant;
import static org.telprov.testing.TestEvents.withType;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DestinationProjectionTest {

    private static final String TEMPLATE = "http://prov.globex.example/{mac}?sn={serial}";

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "mp.messaging.incoming.inventory-devices.group.id")
    String groupId;

    @BeforeAll
    static void globex() {
        send(tenant(TenantSnapshot.CREATED, "projection-globex", TEMPLATE, "active", 1));
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        EventEnvelope registered = device(DeviceSnapshot.REGISTERED, "0a0000000001", "projection-globex", "A", 1);
        double duplicatesBefore = count(DeviceSnapshot.REGISTERED, "duplicate");
        double appliedBefore = count(DeviceSnapshot.REGISTERED, "applied");

        send(registered);
        send(registered);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(DeviceSnapshot.REGISTERED, "duplicate") > duplicatesBefore);
        assertThat(count(DeviceSnapshot.REGISTERED, "applied")).isEqualTo(appliedBefore + 1);
        assertThat(location("0a0000000001")).isEqualTo("http://prov.globex.example/0A0000000001?sn=A");
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotUndoANewerOne() {
        send(device(DeviceSnapshot.UPDATED, "0a0000000002", "projection-globex", "NEW", 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000002") != null);

        double staleBefore = count(DeviceSnapshot.REGISTERED, "stale");
        send(device(DeviceSnapshot.REGISTERED, "0a0000000002", "projection-globex", "OLD", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(DeviceSnapshot.REGISTERED, "stale") > staleBefore);

        assertThat(location("0a0000000002")).endsWith("sn=NEW");
    }

    @Test
    void theBulkLaneIsAppliedAndItsOlderSnapshotsDoNotUndoTheInteractiveLanes() {
        sendBulk(device(DeviceSnapshot.REGISTERED, "0a0000000007", "projection-globex", "IMPORTED", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000007") != null);
        assertThat(location("0a0000000007")).endsWith("sn=IMPORTED");

        send(device(DeviceSnapshot.UPDATED, "0a0000000008", "projection-globex", "CHANGED", 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000008") != null);
        double staleBefore = count(DeviceSnapshot.UPDATED, "stale");
        sendBulk(device(DeviceSnapshot.UPDATED, "0a0000000008", "projection-globex", "IMPORTED", 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(DeviceSnapshot.UPDATED, "stale") > staleBefore);

        assertThat(location("0a0000000008")).endsWith("sn=CHANGED");
    }

    @Test
    void aReleasedDeviceIsNoLongerRedirectedAndCannotComeBackThroughAnOldEvent() {
        send(device(DeviceSnapshot.REGISTERED, "0a0000000003", "projection-globex", "S", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000003") != null);

        send(device(DeviceSnapshot.RELEASED, "0a0000000003", "projection-globex", "S", 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000003") == null);

        double staleBefore = count(DeviceSnapshot.REGISTERED, "stale");
        send(device(DeviceSnapshot.REGISTERED, "0a0000000003", "projection-globex", "S", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(DeviceSnapshot.REGISTERED, "stale") > staleBefore);
        assertThat(location("0a0000000003")).isNull();
    }

    @Test
    void aSuspendedTenantsDevicesAreNotRedirectedUntilItIsActiveAgain() {
        send(tenant(TenantSnapshot.CREATED, "projection-initech", "https://p.initech.example/{mac}", "active", 1));
        send(device(DeviceSnapshot.REGISTERED, "0a0000000004", "projection-initech", null, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000004") != null);

        send(tenant(TenantSnapshot.UPDATED, "projection-initech", "https://p.initech.example/{mac}", "suspended", 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000004") == null);

        send(tenant(TenantSnapshot.UPDATED, "projection-initech", "https://p.initech.example/{mac}", "active", 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000004") != null);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        TopicProbe.send(KafkaResource.bootstrapServers(), "inventory-devices", "0a0000000005", "{ this is not an event");
        send(withType("device.exploded",
                device(DeviceSnapshot.REGISTERED, "0a0000000005", "projection-globex", null, 1)));
        send(device(DeviceSnapshot.REGISTERED, "0a0000000006", "projection-globex", null, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000006") != null);
        assertThat(TopicProbe.matching(KafkaResource.bootstrapServers(), "redirect-dlq",
                r -> "0a0000000005".equals(r.key()), Duration.ofSeconds(5))).hasSize(2);
        assertThat(location("0a0000000005")).isNull();
    }

    @Test
    void aDeviceAnotherReplicaAlreadyWroteStillReachesThisReplicasMemory() {
        EventEnvelope registered = device(DeviceSnapshot.REGISTERED, "0a0000000010", "projection-globex", "R", 1);
        // what another replica leaves behind after applying the event first: the row, at the event's version
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into device_route (mac, "
                        + "tenant_id, vendor, model, serial, released, version) values (?1, 'projection-globex', "
                        + "'auerswald-comfortel', 'D200', 'R', false, 1)")
                .setParameter(1, 0x0a0000000010L).executeUpdate());
        double staleBefore = count(DeviceSnapshot.REGISTERED, "stale");
        double appliedBefore = count(DeviceSnapshot.REGISTERED, "applied");

        send(registered);

        await().atMost(Duration.ofSeconds(30)).until(() -> location("0a0000000010") != null);
        assertThat(location("0a0000000010")).isEqualTo("http://prov.globex.example/0A0000000010?sn=R");
        // not written again: the stored row is as new as the event
        assertThat(count(DeviceSnapshot.REGISTERED, "stale")).isGreaterThan(staleBefore);
        assertThat(count(DeviceSnapshot.REGISTERED, "applied")).isEqualTo(appliedBefore);
    }

    @Test
    void eachReplicaReadsEveryPartitionThroughAConsumerGroupOfItsOwn() throws Exception {
        assertThat(groupId).startsWith("redirect-").isNotEqualTo("redirect").hasSizeGreaterThan("redirect-".length() + 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaResource.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                        .get(10, TimeUnit.SECONDS).get(groupId);
                Set<TopicPartition> assigned = group.members().stream()
                        .flatMap(member -> member.assignment().topicPartitions().stream())
                        .filter(partition -> partition.topic().equals(Topics.INVENTORY_DEVICES))
                        .collect(Collectors.toSet());
                int partitions = admin.describeTopics(List.of(Topics.INVENTORY_DEVICES)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(Topics.INVENTORY_DEVICES).partitions().size();
                assertThat(partitions).isGreaterThan(1);
                assertThat(assigned).hasSize(partitions);
            });
        }
    }

    private double count(EventKind<?> kind, String outcome) {
        Counter counter = registry.find("telprov.redirect.events").tags("type", kind.type(), "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String location(String mac) {
        var response = RestAssured.given().redirects().follow(false).get("/device/" + mac);
        return response.statusCode() == 302 ? response.header("Location") : null;
    }
}
