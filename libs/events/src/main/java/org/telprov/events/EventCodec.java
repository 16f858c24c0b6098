package org.telprov.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/**
 * Turns envelopes and payload records into JSON and back. One mapper for every service, so producers and
 * consumers agree on dates, unknown fields and nulls without each configuring Jackson the same way.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A newer producer may add fields; an older consumer ignores them rather than dead-lettering the event.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    /** Wraps a payload record in a new envelope with a fresh id; producers go through {@link EventKind#envelope}. */
    static EventEnvelope envelope(String type, int schemaVersion, String aggregateType, String aggregateId,
                                         String tenantId, Instant occurredAt, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, aggregateType, aggregateId, tenantId,
                occurredAt, MAPPER.valueToTree(payload));
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An envelope always serialises", e);
        }
    }

    /**
     * Parses a message value.
     *
     * @throws MalformedEventException when the value is not a valid envelope
     */
    public static EventEnvelope fromJson(String json) {
        try {
            EventEnvelope envelope = MAPPER.readValue(json, EventEnvelope.class);
            if (envelope == null) {
                throw new MalformedEventException("empty message", null);
            }
            return envelope;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not an event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the envelope's payload as the record of its type.
     *
     * @throws MalformedEventException when the payload does not match the record
     */
    public static <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return MAPPER.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(
                    "payload of " + envelope.type() + " " + envelope.id() + " is not a " + type.getSimpleName(), e);
        }
    }
}
