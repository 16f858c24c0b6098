package org.telprov.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The wire format of every event, in the spirit of Debezium's outbox envelope. The Kafka key is
 * {@link #aggregateId()}, so the events of one device (or tenant) stay in order on one partition.
 *
 * @param id            unique per event; consumers use it to drop redeliveries
 * @param type          the {@link EventKind#type()} of the kind that built it
 * @param schemaVersion version of the payload's shape for this type; bumped on incompatible change
 * @param aggregateType {@link DeviceSnapshot#AGGREGATE}, {@link TenantSnapshot#AGGREGATE}, …
 * @param aggregateId   the MAC for devices (12 lower-case hex digits), the tenant id for tenants
 * @param tenantId      the tenant the aggregate belongs to
 * @param occurredAt    when the change was committed by its producer
 * @param payload       the type's payload record, as JSON
 */
public record EventEnvelope(
        UUID id,
        String type,
        int schemaVersion,
        String aggregateType,
        String aggregateId,
        String tenantId,
        Instant occurredAt,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1");
        }
    }
}
