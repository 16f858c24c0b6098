package org.telprov.support.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each lane is drained on its own, and an interactive row never overtakes an earlier pending row of its key. The relay
 * is driven by hand here (it would otherwise only poll once an hour), two rows per batch.
 */
@QuarkusTest
@TestProfile(OutboxLanesTest.HandDriven.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class OutboxLanesTest {

    /** A relay that drains only when the test asks it to, two rows at a time. */
    public static class HandDriven implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("telprov.outbox.poll-interval", "1h", "telprov.outbox.batch-size", "2");
        }
    }

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachLaneDrainsOnItsOwnAndAnInteractiveRowNeverGoesAheadOfAnEarlierRowOfItsKey() {
        // Rows other test classes may have left behind would take places in the batches counted here.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from outbox_event")
                .executeUpdate());
        insert("0e0000000001", true);   // an import's rows
        insert("0e0000000002", true);
        insert("0e0000000003", true);
        insert("0e0000000009", false);  // a registration while the import drains
        insert("0e0000000001", false);  // a change of an imported device: after its import row

        // the registration goes at once, however long the import's backlog; the change waits for its import row
        assertThat(relay.relayBatch(OutboxRelay.Lane.INTERACTIVE)).isEqualTo(1);
        assertThat(pending()).containsExactly(
                "0e0000000001 bulk", "0e0000000002 bulk", "0e0000000003 bulk", "0e0000000001");

        assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isEqualTo(2);
        assertThat(pending()).containsExactly("0e0000000003 bulk", "0e0000000001");

        assertThat(relay.relayBatch(OutboxRelay.Lane.INTERACTIVE)).isEqualTo(1);
        assertThat(pending()).containsExactly("0e0000000003 bulk");

        assertThat(relay.relayBatch(OutboxRelay.Lane.INTERACTIVE)).isZero();
        assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isEqualTo(1);
        assertThat(pending()).isEmpty();

        // relayBatch returns once the broker acknowledged its batch, and nothing else relays here (poll interval
        // 1h): what is on the topics now is all there will be
        List<String> interactive = TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES,
                        r -> r.key().startsWith("0e00000000")).stream()
                .map(r -> r.key()).toList();
        assertThat(interactive).containsExactlyInAnyOrder("0e0000000009", "0e0000000001");
        assertThat(TopicProbe.onTopicNow(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES_BULK,
                r -> r.key().startsWith("0e00000000"))).hasSize(3);
    }

    @Test
    void aLaneIsHeldOnlyByARelayOfTheSameServiceNotByAnotherServiceOnTheSameDatabase() throws SQLException {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from outbox_event")
                .executeUpdate());
        insert("0f0000000001", true);

        // another session holds the bulk lane as provisioning's relay would (its schema), then as this service's
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            lock(other, "hashtext('provisioning'), ?");
            assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isEqualTo(1);

            insert("0f0000000002", true);
            lock(other, OutboxRelay.LOCK_KEYS);
            assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isZero();
            assertThat(pending()).containsExactly("0f0000000002 bulk");
            other.rollback();
        }
        assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isEqualTo(1);
        assertThat(pending()).isEmpty();
    }

    /** Takes the bulk lane's advisory lock under the keys given, the lane's key as their parameter. */
    private static void lock(Connection connection, String keys) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(" + keys + ")")) {
            lock.setInt(1, OutboxRelay.Lane.BULK.advisoryLock());
            lock.execute();
        }
    }

    private void insert(String key, boolean bulk) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into outbox_event (id, event_id, topic, message_key, event_type, envelope, created_at,
                                                  next_attempt_at, bulk)
                        values (nextval('outbox_event_seq'), ?1, ?2, ?3, 'device.updated', '{}', now(), now(), ?4)""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, bulk ? Topics.INVENTORY_DEVICES_BULK : Topics.INVENTORY_DEVICES)
                .setParameter(3, key)
                .setParameter(4, bulk)
                .executeUpdate());
    }

    /** The pending rows in id order: key, and " bulk" for the bulk lane. */
    @SuppressWarnings("unchecked")
    private List<String> pending() {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) entityManager.createNativeQuery(
                        "select message_key || case when bulk then ' bulk' else '' end from outbox_event order by id")
                .getResultList());
    }
}
