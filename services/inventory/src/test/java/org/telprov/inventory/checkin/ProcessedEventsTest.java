package org.telprov.inventory.checkin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.support.inbox.ProcessedEvents;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProcessedEventsTest {

    @Inject
    ProcessedEvents processed;

    @Inject
    EntityManager entityManager;

    @Test
    void aBatchOfIdsReportsOnlyThoseTheConsumerHasNotProcessedBefore() {
        String consumer = "batch-test-" + UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();

        Set<UUID> first = QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, List.of(a, b)));
        Set<UUID> second = QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, List.of(b, c, c)));
        Set<UUID> none = QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, List.of()));

        assertThat(first).containsExactlyInAnyOrder(a, b);
        assertThat(second).containsExactly(c);
        assertThat(none).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> processed.firstDelivery(consumer, a))).isFalse();
        assertThat(recorded(consumer)).isEqualTo(3);
    }

    @Test
    void idsAreRecordedPerConsumer() {
        UUID id = UUID.randomUUID();

        Set<UUID> one = QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries("batch-one", List.of(id)));
        Set<UUID> other = QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries("batch-other", List.of(id)));

        assertThat(one).containsExactly(id);
        assertThat(other).containsExactly(id);
    }

    @Test
    void aRolledBackBatchRecordsNothing() {
        String consumer = "batch-test-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            processed.firstDeliveries(consumer, List.of(id));
            throw new IllegalStateException("the projection failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, List.of(id))))
                .containsExactly(id);
    }

    private long recorded(String consumer) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from processed_event where consumer = ?1").setParameter(1, consumer)
                .getSingleResult()).longValue());
    }
}
