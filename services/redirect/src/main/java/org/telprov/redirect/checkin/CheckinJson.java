package org.telprov.redirect.checkin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes {@code device.redirected} events as JSON: byte for byte what {@link EventCodec#toJson} writes for the
 * envelope {@link EventCodec#envelope} builds around a {@link DeviceCheckin} (CheckinJsonTest holds the two to that),
 * but in one streaming pass into a reused buffer instead of through a JSON tree, since there is one event per answered
 * lookup. Not thread-safe: the sender thread owns one.
 */
final class CheckinJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    byte[] write(UUID id, String mac, String tenantId, String sourceIp, String userAgent, Instant at) {
        buffer.reset();
        // ISO-8601 with as many fraction digits as needed, which is how the codec's JavaTimeModule writes an Instant
        String time = at.toString();
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("id", id.toString());
            json.writeStringField("type", EventTypes.DEVICE_REDIRECTED);
            json.writeNumberField("schemaVersion", DeviceCheckin.SCHEMA_VERSION);
            json.writeStringField("aggregateType", EventTypes.DEVICE);
            json.writeStringField("aggregateId", mac);
            json.writeStringField("tenantId", tenantId);
            json.writeStringField("occurredAt", time);
            json.writeObjectFieldStart("payload");
            json.writeStringField("mac", mac);
            json.writeStringField("tenantId", tenantId);
            json.writeStringField("service", "redirect");
            json.writeNullField("file");
            json.writeNullField("uvc");
            json.writeNullField("firmwareVersion");
            // cleaned as DeviceCheckin cleans them, so the bytes stay those of the codec (a no-op on clean text)
            json.writeStringField("sourceIp", DeviceCheckin.sourceIp(sourceIp));
            json.writeStringField("userAgent", DeviceCheckin.userAgent(userAgent));
            json.writeStringField("at", time);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }
}
