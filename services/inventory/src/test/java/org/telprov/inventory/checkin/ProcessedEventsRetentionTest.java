package org.telprov.inventory.checkin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.support.inbox.ProcessedEventsRetention;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProcessedEventsRetentionTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ProcessedEventsRetention retention;

    @Test
    void idsOlderThanTheRetentionAreForgottenAndNewerOnesKept() {
        String consumer = "retention-test-" + UUID.randomUUID();
        Instant now = Instant.now();
        // More than one batch of old ids, so the purge has to loop.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into processed_event (consumer, event_id, processed_at)
                        select ?1, gen_random_uuid(), ?2 from generate_series(1, 10050)""")
                .setParameter(1, consumer).setParameter(2, now.minus(Duration.ofDays(40))).executeUpdate());
        UUID recent = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, ?3)""")
                .setParameter(1, consumer).setParameter(2, recent).setParameter(3, now.minus(Duration.ofDays(1)))
                .executeUpdate());

        assertThat(retention.purge(now.minus(Duration.ofDays(30)))).isGreaterThanOrEqualTo(10050);

        Object[] left = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery("""
                        select count(*), min(event_id::text) from processed_event where consumer = ?1""")
                .setParameter(1, consumer).getSingleResult());
        assertThat(((Number) left[0]).longValue()).isEqualTo(1);
        assertThat(left[1]).isEqualTo(recent.toString());
    }
}
