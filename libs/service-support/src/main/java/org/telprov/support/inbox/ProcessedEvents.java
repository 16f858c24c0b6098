package org.telprov.support.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
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
        UUID[] ids = new TreeSet<>(eventIds).toArray(UUID[]::new);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Array array = connection.createArrayOf("uuid", ids);
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into processed_event (consumer, event_id, processed_at)
                    select ?, id, now() from unnest(?::uuid[]) as ids(id)
                    on conflict do nothing
                    returning event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, array);
                Set<UUID> recorded = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        recorded.add(rows.getObject(1, UUID.class));
                    }
                }
                return recorded;
            } finally {
                array.free();
            }
        });
    }
}
