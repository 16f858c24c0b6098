package org.telprov.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.support.transaction.AfterCompletion;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records events in the caller's database transaction. Nothing reaches Kafka unless that transaction commits, and
 * nothing that committed is lost: the {@link OutboxRelay} sends it, however long the broker is away.
 *
 * <p>Events travel in one of two lanes. {@link #publish} is the interactive lane, for the change of one API call; the
 * relay sends its rows ahead of the bulk lane's ({@link #publishBulk}, for a bulk import), so a single registration
 * never waits behind 100,000 imported devices.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_UP_REGISTERED = new Object();

    // One statement for a whole chunk of events: a PostgreSQL array per column. Each row takes its own value of the
    // sequence, which Hibernate's pooled optimizer (increment 50) never hands out itself.
    private static final String INSERT_BULK = """
            insert into outbox_event (id, event_id, topic, message_key, event_type, envelope, created_at,
                                      next_attempt_at, bulk)
            select nextval('outbox_event_seq'), e.event_id, ?, e.message_key, e.event_type, e.envelope, e.created_at,
                   e.created_at, true
            from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                 as e (event_id, message_key, event_type, envelope, created_at)""";

    private static final List<Function<EventEnvelope, Object>> BULK_COLUMNS = List.of(
            EventEnvelope::id, EventEnvelope::aggregateId, EventEnvelope::type, EventCodec::toJson,
            envelope -> envelope.occurredAt().atOffset(ZoneOffset.UTC));
    private static final List<String> BULK_TYPES = List.of("uuid", "varchar", "varchar", "text", "timestamptz");

    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final EntityManager entityManager;

    public Outbox(TransactionSynchronizationRegistry transactions, OutboxRelay relay, EntityManager entityManager) {
        this.transactions = transactions;
        this.relay = relay;
        this.entityManager = entityManager;
    }

    /** Adds the event to the interactive lane; must run inside the transaction that makes the change it describes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, EventEnvelope envelope) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.id();
        row.topic = topic;
        row.messageKey = envelope.aggregateId();
        row.eventType = envelope.type();
        row.envelope = EventCodec.toJson(envelope);
        row.createdAt = envelope.occurredAt();
        row.nextAttemptAt = envelope.occurredAt();
        row.persist();
        wakeRelayAfterCommit();
    }

    /**
     * Adds the events to the bulk lane in one statement; must run inside the transaction that makes the changes they
     * describe. The relay sends them after the interactive lane's rows, in the order given here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishBulk(String topic, List<EventEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        // Rows written through the entity manager earlier in the transaction come first, as they would with publish.
        entityManager.flush();
        entityManager.unwrap(Session.class).doWork(connection -> insertBulk(connection, topic, envelopes));
        wakeRelayAfterCommit();
    }

    private static void insertBulk(Connection connection, String topic, List<EventEnvelope> envelopes)
            throws SQLException {
        List<Array> arrays = new ArrayList<>(BULK_COLUMNS.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BULK)) {
            insert.setString(1, topic);
            for (int i = 0; i < BULK_COLUMNS.size(); i++) {
                Array array = connection.createArrayOf(BULK_TYPES.get(i),
                        envelopes.stream().map(BULK_COLUMNS.get(i)).toArray());
                arrays.add(array);
                insert.setArray(i + 2, array);
            }
            insert.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    // The relay polls anyway; waking it on commit takes the poll interval out of the event's latency.
    private void wakeRelayAfterCommit() {
        AfterCompletion.onceOnCommit(transactions, WAKE_UP_REGISTERED, relay::wakeUp);
    }
}
