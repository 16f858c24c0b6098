package org.telprov.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.support.bulk.EntityIds;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.transaction.AfterCompletion;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Records events in the caller's database transaction. Nothing reaches Kafka unless that transaction commits, and
 * nothing that committed is lost: the {@link OutboxRelay} sends it, however long the broker is away.
 *
 * <p>Events travel in one of two lanes. {@link #publish} is the interactive lane, for the change of one API call;
 * {@link #publishBulk} the bulk lane, for a bulk import. The relay drains each lane on its own, so a single
 * registration never waits behind 100,000 imported devices.
 */
@ApplicationScoped
public class Outbox {

    // One statement for a whole chunk of events: a PostgreSQL array per column.
    private static final String INSERT_BULK = """
            insert into outbox_event (id, event_id, topic, message_key, event_type, envelope, created_at,
                                      next_attempt_at, bulk)
            select e.id, e.event_id, e.topic, e.message_key, e.event_type, e.envelope, e.created_at, e.created_at, true
            from unnest(?::bigint[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                 as e (id, event_id, topic, message_key, event_type, envelope, created_at)""";

    /** A bulk row: its id (from the entity's generator, {@link EntityIds}), topic and event. */
    private record BulkRow(long id, String topic, EventEnvelope envelope) {
    }

    private static final List<ArrayUpsert.Column<BulkRow>> BULK_COLUMNS = List.of(
            new ArrayUpsert.Column<>("bigint", BulkRow::id),
            new ArrayUpsert.Column<>("uuid", row -> row.envelope().id()),
            new ArrayUpsert.Column<>("varchar", BulkRow::topic),
            new ArrayUpsert.Column<>("varchar", row -> row.envelope().aggregateId()),
            new ArrayUpsert.Column<>("varchar", row -> row.envelope().type()),
            new ArrayUpsert.Column<>("text", row -> EventCodec.toJson(row.envelope())),
            new ArrayUpsert.Column<>("timestamptz", row -> row.envelope().occurredAt().atOffset(ZoneOffset.UTC)));

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
        wakeRelayAfterCommit(OutboxRelay.Lane.INTERACTIVE);
    }

    /**
     * Adds the events to the bulk lane in one statement; must run inside the transaction that makes the changes they
     * describe. The relay sends them in the order given here, apart from the interactive lane's rows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishBulk(String topic, List<EventEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        long[] ids = EntityIds.next(entityManager, OutboxEvent.class, envelopes.size());
        List<BulkRow> rows = new ArrayList<>(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            rows.add(new BulkRow(ids[i], topic, envelopes.get(i)));
        }
        entityManager.unwrap(Session.class).doWork(connection ->
                ArrayUpsert.insert(connection, INSERT_BULK, rows, BULK_COLUMNS));
        wakeRelayAfterCommit(OutboxRelay.Lane.BULK);
    }

    // The relay polls anyway; waking it on commit takes the poll interval out of the event's latency.
    private void wakeRelayAfterCommit(OutboxRelay.Lane lane) {
        AfterCompletion.onceOnCommit(transactions, lane, () -> relay.wakeUp(lane));
    }
}
