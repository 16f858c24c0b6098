package org.telprov.events;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of event, declared once beside its payload record (as {@code DeviceSnapshot.REGISTERED}): its type, the
 * topic it travels on, its aggregate, how the aggregate id and tenant follow from the payload, and the payload's schema
 * version. Producers build events only through a kind, so none can pair a type with the wrong topic, key or version;
 * consumers recognise an event with {@link #is} and read it with {@link #payload}.
 *
 * @param <P> the payload record
 */
public final class EventKind<P> {

    private final String type;
    private final Class<P> payloadType;
    private final int schemaVersion;
    private final String topic;
    private final String bulkTopic;
    private final String aggregateType;
    private final Function<P, String> aggregateId;
    private final Function<P, String> tenantId;

    private EventKind(String type, Class<P> payloadType, int schemaVersion, String topic, String bulkTopic,
                      String aggregateType, Function<P, String> aggregateId, Function<P, String> tenantId) {
        this.type = Objects.requireNonNull(type, "type");
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.schemaVersion = schemaVersion;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.bulkTopic = bulkTopic;
        this.aggregateType = Objects.requireNonNull(aggregateType, "aggregateType");
        this.aggregateId = Objects.requireNonNull(aggregateId, "aggregateId");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    }

    /**
     * A kind whose events travel on {@code topic}, keyed by the aggregate id taken from the payload.
     *
     * @param tenantId the tenant of a payload, or {@code null} where the aggregate belongs to none (platform firmware)
     */
    public static <P> EventKind<P> of(String type, Class<P> payloadType, int schemaVersion, String topic,
                                      String aggregateType, Function<P, String> aggregateId,
                                      Function<P, String> tenantId) {
        return new EventKind<>(type, payloadType, schemaVersion, topic, null, aggregateType, aggregateId, tenantId);
    }

    /** The same kind, with a second topic for the events of bulk changes ({@link OutgoingEvent#bulkTopic()}). */
    public EventKind<P> withBulkTopic(String bulkTopic) {
        return new EventKind<>(type, payloadType, schemaVersion, topic, Objects.requireNonNull(bulkTopic, "bulkTopic"),
                aggregateType, aggregateId, tenantId);
    }

    /** A new envelope (fresh id) around the payload, stamped with the time the change was committed. */
    public EventEnvelope envelope(P payload, Instant occurredAt) {
        return EventCodec.envelope(type, schemaVersion, aggregateType, aggregateId.apply(payload),
                tenantId.apply(payload), occurredAt, payload);
    }

    /** The event for a producer to hand to its outbox. */
    public OutgoingEvent event(P payload, Instant occurredAt) {
        return new OutgoingEvent(this, envelope(payload, occurredAt));
    }

    /** True when the envelope is of this kind. */
    public boolean is(EventEnvelope envelope) {
        return type.equals(envelope.type());
    }

    /**
     * The envelope's payload as this kind's record.
     *
     * @throws MalformedEventException when the payload does not match the record
     */
    public P payload(EventEnvelope envelope) {
        return EventCodec.payload(envelope, payloadType);
    }

    /**
     * The payload of an envelope of one of the kinds.
     *
     * @throws MalformedEventException when the envelope is of none of them, or its payload does not match the record
     */
    @SafeVarargs
    public static <P> P read(EventEnvelope envelope, EventKind<P>... kinds) {
        for (EventKind<P> kind : kinds) {
            if (kind.is(envelope)) {
                return kind.payload(envelope);
            }
        }
        throw new MalformedEventException("unknown event type " + envelope.type(), null);
    }

    public String type() {
        return type;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String topic() {
        return topic;
    }

    /** The topic of this kind's events from bulk changes, or {@code null} when they have no lane of their own. */
    public String bulkTopic() {
        return bulkTopic;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public String aggregateIdOf(P payload) {
        return aggregateId.apply(payload);
    }

    @Override
    public String toString() {
        return type;
    }
}
