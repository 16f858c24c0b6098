package org.telprov.support.checkin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Writes check-in events as JSON: byte for byte what {@link EventCodec#toJson} writes for the envelope
 * {@link EventKind#envelope} builds around a {@link DeviceCheckin} (CheckinJsonTest holds the two to that), but in one
 * streaming pass into a reused buffer instead of through a JSON tree, since the device-facing services send one per
 * answered device. Not thread-safe: a sender thread owns one.
 */
public final class CheckinJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    /** The event of the kind around the check-in, keyed (aggregate id) by its MAC and stamped with its time. */
    public byte[] write(UUID id, EventKind<DeviceCheckin> kind, DeviceCheckin checkin) {
        buffer.reset();
        // ISO-8601 with as many fraction digits as needed, which is how the codec's JavaTimeModule writes an Instant
        String time = checkin.at() == null ? null : checkin.at().toString();
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("id", id.toString());
            json.writeStringField("type", kind.type());
            json.writeNumberField("schemaVersion", kind.schemaVersion());
            json.writeStringField("aggregateType", kind.aggregateType());
            json.writeStringField("aggregateId", kind.aggregateIdOf(checkin));
            json.writeStringField("tenantId", checkin.tenantId());
            json.writeStringField("occurredAt", time);
            json.writeObjectFieldStart("payload");
            json.writeStringField("mac", checkin.mac());
            json.writeStringField("tenantId", checkin.tenantId());
            json.writeStringField("service", checkin.service());
            json.writeStringField("file", checkin.file());
            if (checkin.files() != null) {
                json.writeArrayFieldStart("files");
                for (String file : checkin.files()) {
                    json.writeString(file);
                }
                json.writeEndArray();
            }
            json.writeStringField("uvc", checkin.uvc());
            json.writeStringField("firmwareVersion", checkin.firmwareVersion());
            json.writeStringField("sourceIp", checkin.sourceIp());
            json.writeStringField("userAgent", checkin.userAgent());
            json.writeStringField("at", time);
            if (checkin.protocol() != null) {
                json.writeStringField("protocol", checkin.protocol());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }
}
