package org.telprov.support.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaBroker;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the broker away, the first send of a batch waits {@code max.block.ms} for it and fails; the rest of the batch
 * is not sent (each would wait as long) but scheduled for the next attempt with it. The relay is driven by hand.
 */
@QuarkusTest
@TestProfile(OutboxRelayBrokerAwayTest.BrokerAway.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class OutboxRelayBrokerAwayTest {

    /** The relay's producer points at a port where no broker listens; it drains only when the test asks. */
    public static class BrokerAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of(
                        "mp.messaging.outgoing.outbox.bootstrap.servers", "127.0.0.1:" + KafkaBroker.freePort(),
                        "mp.messaging.outgoing.outbox.max.block.ms", "1000",
                        "mp.messaging.outgoing.outbox.health-enabled", "false",
                        "telprov.outbox.poll-interval", "1h");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Test
    void aBatchStopsSendingAtItsFirstEventThatFoundNoBrokerAndEveryRowWaitsForTheNextAttempt() {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from outbox_event")
                .executeUpdate());
        for (int i = 1; i <= 5; i++) {
            String key = "0f000000000" + i;
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                            insert into outbox_event (id, event_id, topic, message_key, event_type, envelope,
                                                      created_at, next_attempt_at, bulk)
                            values (nextval('outbox_event_seq'), ?1, ?2, ?3, 'device.updated', '{}', now(), now(),
                                    true)""")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, Topics.INVENTORY_DEVICES_BULK)
                    .setParameter(3, key)
                    .executeUpdate());
        }

        assertThat(relay.relayBatch(OutboxRelay.Lane.BULK)).isEqualTo(5);

        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select attempts, last_error, next_attempt_at > now() from outbox_event order by id").getResultList());
        assertThat(rows).hasSize(5).allSatisfy(row -> {
            Object[] columns = (Object[]) row;
            assertThat(columns[0]).isEqualTo(1);
            assertThat(columns[2]).isEqualTo(true);
        });
        assertThat((String) ((Object[]) rows.get(0))[1]).contains("TimeoutException");
        assertThat(rows.subList(1, 5)).allSatisfy(row ->
                assertThat((String) ((Object[]) row)[1]).contains("an earlier event of the batch failed"));
    }
}
