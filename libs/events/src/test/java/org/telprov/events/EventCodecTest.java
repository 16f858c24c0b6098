package org.telprov.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    @Test
    void anEnvelopeSurvivesTheRoundTripWithItsTypedPayload() {
        DeviceSnapshot device = new DeviceSnapshot("901b0e56c7bc", "acme", "gigaset-maxwell", "mx3b", "SN1", null, java.util.List.of("lab"), 1);
        EventEnvelope sent = DeviceSnapshot.REGISTERED.envelope(device, Instant.parse("2026-11-23T10:15:30.123Z"));

        EventEnvelope received = EventCodec.fromJson(EventCodec.toJson(sent));

        assertThat(received).usingRecursiveComparison().ignoringFields("payload").isEqualTo(sent);
        assertThat(EventCodec.payload(received, DeviceSnapshot.class)).isEqualTo(device);
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() {
        String json = """
                {"id":"0b6f3c38-8f3e-4c1e-9d0e-4f3b2a1c0d9e","type":"tenant.created","schemaVersion":1,
                 "aggregateType":"tenant","aggregateId":"acme","tenantId":"acme","occurredAt":"2026-11-23T10:15:30Z",
                 "traceId":"abc","payload":{"id":"acme","name":"Acme","provisioningUrlTemplate":"https://p/{mac}",
                 "status":"active","version":1,"region":"eu"}}""";

        TenantSnapshot tenant = EventCodec.payload(EventCodec.fromJson(json), TenantSnapshot.class);

        assertThat(tenant.provisioningUrlTemplate()).isEqualTo("https://p/{mac}");
    }

    @Test
    void aTenantEventOlderThanTheTimeZoneReadsAsUtcAndANewerOneKeepsItsZone() {
        String older = """
                {"id":"0b6f3c38-8f3e-4c1e-9d0e-4f3b2a1c0d9f","type":"tenant.updated","schemaVersion":1,
                 "aggregateType":"tenant","aggregateId":"acme","tenantId":"acme","occurredAt":"2026-11-23T10:15:30Z",
                 "payload":{"id":"acme","name":"Acme","provisioningUrlTemplate":"https://p/{mac}",
                 "status":"active","version":2,"redirectAuth":"none"}}""";

        assertThat(TenantSnapshot.from(EventCodec.fromJson(older)).timeZone()).isEqualTo("UTC");

        TenantSnapshot berlin = new TenantSnapshot("acme", "Acme", "https://p/{mac}", "active", 3, "none",
                "Europe/Berlin");
        EventEnvelope sent = TenantSnapshot.UPDATED.envelope(berlin, Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(TenantSnapshot.from(EventCodec.fromJson(EventCodec.toJson(sent)))).isEqualTo(berlin);
    }

    @Test
    void aMessageThatIsNotAnEnvelopeIsMalformed() {
        assertThatThrownBy(() -> EventCodec.fromJson("not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.fromJson("{\"type\":\"device.registered\"}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.fromJson("null")).isInstanceOf(MalformedEventException.class);
    }
}
