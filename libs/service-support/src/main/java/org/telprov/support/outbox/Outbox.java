package org.telprov.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.OutgoingEvent;
import org.telprov.support.bulk.CopyIn;
import org.telprov.support.bulk.EntityIds;
import org.telprov.support.trace.TraceContexts;
import org.telprov.support.transaction.AfterCompletion;

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

    /**
     * A bulk row: its id (from the entity's generator, {@link EntityIds}), topic, event and the trace context of the
     * import that wrote it (or null).
     */
    private record BulkRow(long id, String topic, EventEnvelope envelope, TraceContexts.Stored trace) {
    }

    // A whole chunk of events goes in with one COPY.
    private static final List<CopyIn.Column<BulkRow>> BULK_COLUMNS = List.of(
            new CopyIn.Column<>("id", BulkRow::id),
            new CopyIn.Column<>("event_id", row -> row.envelope().id()),
            new CopyIn.Column<>("topic", BulkRow::topic),
            new CopyIn.Column<>("message_key", row -> row.envelope().aggregateId()),
            new CopyIn.Column<>("event_type", row -> row.envelope().type()),
            new CopyIn.Column<>("envelope", row -> EventCodec.toJson(row.envelope())),
            new CopyIn.Column<>("created_at", row -> row.envelope().occurredAt()),
            new CopyIn.Column<>("next_attempt_at", row -> row.envelope().occurredAt()),
            new CopyIn.Column<>("bulk", row -> true),
            new CopyIn.Column<>("traceparent", row -> row.trace() == null ? null : row.trace().traceparent()),
            new CopyIn.Column<>("tracestate", row -> row.trace() == null ? null : row.trace().tracestate()));

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
    public void publish(OutgoingEvent event) {
        EventEnvelope envelope = event.envelope();
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.id();
        row.topic = event.topic();
        row.messageKey = envelope.aggregateId();
        row.eventType = envelope.type();
        row.envelope = EventCodec.toJson(envelope);
        row.createdAt = envelope.occurredAt();
        row.nextAttemptAt = envelope.occurredAt();
        TraceContexts.Stored trace = TraceContexts.current();
        if (trace != null) {
            row.traceparent = trace.traceparent();
            row.tracestate = trace.tracestate();
        }
        row.persist();
        wakeRelayAfterCommit(OutboxRelay.Lane.INTERACTIVE);
    }

    /**
     * Adds the events to the bulk lane in one statement, each on its kind's bulk topic; must run inside the transaction
     * that makes the changes they describe. The relay sends them in the order given here, apart from the interactive
     * lane's rows.
     *
     * @throws IllegalStateException when an event's kind has no bulk lane
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishBulk(List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long[] ids = EntityIds.next(entityManager, OutboxEvent.class, events.size());
        List<BulkRow> rows = new ArrayList<>(events.size());
        TraceContexts.Stored trace = TraceContexts.current();
        for (int i = 0; i < events.size(); i++) {
            OutgoingEvent event = events.get(i);
            rows.add(new BulkRow(ids[i], event.bulkTopic(), event.envelope(), trace));
        }
        entityManager.unwrap(Session.class).doWork(connection ->
                CopyIn.into(connection, "outbox_event", rows, BULK_COLUMNS));
        wakeRelayAfterCommit(OutboxRelay.Lane.BULK);
    }

    // The relay polls anyway; waking it on commit takes the poll interval out of the event's latency.
    private void wakeRelayAfterCommit(OutboxRelay.Lane lane) {
        AfterCompletion.onceOnCommit(transactions, lane, () -> relay.wakeUp(lane));
    }
}
