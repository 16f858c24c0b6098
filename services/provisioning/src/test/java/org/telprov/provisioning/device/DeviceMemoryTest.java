package org.telprov.provisioning.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventKind;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.stored;

/** Inventory's device events reach this replica's memory, newest version first, once they are committed. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceMemoryTest {

    @Inject
    DeviceProjection projection;

    @Inject
    DeviceTable table;

    @Inject
    EntityManager entityManager;

    @Test
    void registeringMovingRelabellingAndReleasingADeviceAreHeldInMemoryAndAnOlderVersionLoses() {
        String mac = "0e0000000001";
        apply(DeviceSnapshot.REGISTERED, mac, "mem-acme", "desk", List.of(), 1);
        assertThat(held(mac)).isEqualTo(new DeviceTable.Entry("mem-acme", "gigaset-maxwell", "mx3b", "SN-1", "desk", List.of(),
                false, 1));

        apply(DeviceSnapshot.UPDATED, mac, "mem-acme", "lobby", List.of(), 2);
        assertThat(held(mac).profile()).isEqualTo("lobby");

        apply(DeviceSnapshot.UPDATED, mac, "mem-acme", "lobby", List.of("beta", "floor-2"), 3);
        assertThat(held(mac).labels()).containsExactly("beta", "floor-2");

        apply(DeviceSnapshot.UPDATED, mac, "mem-acme", "desk", List.of(), 2);
        assertThat(held(mac).profile()).isEqualTo("lobby");
        assertThat(held(mac).version()).isEqualTo(3);

        apply(DeviceSnapshot.RELEASED, mac, "mem-acme", "lobby", List.of(), 4);
        assertThat(held(mac).released()).isTrue();
        assertThat(held(mac).version()).isEqualTo(4);

        apply(DeviceSnapshot.REGISTERED, mac, "mem-other", "front", List.of(), 5);
        assertThat(held(mac)).isEqualTo(new DeviceTable.Entry("mem-other", "gigaset-maxwell", "mx3b", "SN-1", "front",
                List.of(), false, 5));
        assertThat(stored(mac).tenantId).isEqualTo("mem-other");
    }

    @Test
    void aVersionAnotherReplicaWroteFirstIsStillHeldInMemory() {
        String mac = "0e0000000002";
        apply(DeviceSnapshot.REGISTERED, mac, "mem-acme", "desk", List.of(), 1);
        // another replica took version 7 into the shared table before this one read its event
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update device set profile = 'lobby', version = 7 where mac = ?1").setParameter(1, mac).executeUpdate());

        apply(DeviceSnapshot.UPDATED, mac, "mem-acme", "lobby", List.of(), 7);

        assertThat(held(mac).profile()).isEqualTo("lobby");
        assertThat(held(mac).version()).isEqualTo(7);
    }

    @Test
    void aReplayedVersionTheMemoryHoldsCostsNoDatabaseWork() {
        String mac = "0e0000000003";
        apply(DeviceSnapshot.REGISTERED, mac, "mem-acme", "desk", List.of(), 2);
        // the table is set back behind the memory: only a write of the replayed event would change it
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update device set profile = 'row', version = 1 where mac = ?1").setParameter(1, mac).executeUpdate());

        // a new event id, so that the processed-event records would not keep it out of the table
        apply(DeviceSnapshot.REGISTERED, mac, "mem-acme", "desk", List.of(), 2);

        assertThat(stored(mac).profile).isEqualTo("row");
        assertThat(stored(mac).version).isEqualTo(1);
    }

    private void apply(EventKind<DeviceSnapshot> kind, String mac, String tenant, String profile, List<String> labels,
                       long version) {
        projection.apply(List.of(projection.read(kind.envelope(new DeviceSnapshot(mac, tenant, "gigaset-maxwell",
                "mx3b", "SN-1", profile, labels, version), Instant.now()))));
    }

    private DeviceTable.Entry held(String mac) {
        return table.find(Long.parseLong(mac, 16)).orElseThrow();
    }
}
