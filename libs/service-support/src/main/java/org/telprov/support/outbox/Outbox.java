package org.telprov.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.support.transaction.AfterCompletion;

/**
 * Records events in the caller's database transaction. Nothing reaches Kafka unless that transaction commits, and
 * nothing that committed is lost: the {@link OutboxRelay} sends it, however long the broker is away.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_UP_REGISTERED = new Object();

    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Adds the event to the outbox; must run inside the transaction that makes the change it describes. */
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

    // The relay polls anyway; waking it on commit takes the poll interval out of the event's latency.
    private void wakeRelayAfterCommit() {
        AfterCompletion.onceOnCommit(transactions, WAKE_UP_REGISTERED, relay::wakeUp);
    }
}
