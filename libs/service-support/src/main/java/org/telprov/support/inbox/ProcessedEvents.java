package org.telprov.support.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Makes a consumer idempotent: it records each event id it applies, in the transaction that applies it, and skips
 * ids it has already recorded. A redelivered event (after a rebalance, a crash before the offset commit, or a replay)
 * then changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;

    public ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records the event for the consumer.
     *
     * @return true the first time, false when the consumer already processed this event
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        return entityManager.createNativeQuery("""
                        insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now())
                        on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }

    /**
     * Records a batch of events for the consumer in one statement.
     *
     * @return the ids recorded now, i.e. those the consumer had not processed before; an id given twice counts once
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return new HashSet<>();
        }
        // Sorted, so that replicas recording overlapping batches lock the keys in the same order and cannot deadlock.
        return entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(connection, """
                insert into processed_event (consumer, event_id, processed_at)
                select consumer, id, now() from unnest(?::varchar[], ?::uuid[]) as ids(consumer, id)
                on conflict do nothing
                returning event_id""", new TreeSet<>(eventIds), List.of(
                new ArrayUpsert.Column<UUID>("varchar", id -> consumer),
                new ArrayUpsert.Column<UUID>("uuid", id -> id)), UUID.class));
    }
}
