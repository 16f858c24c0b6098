package org.telprov.redirect.checkin;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CheckinJsonTest {

    @Test
    void aCheckinIsWrittenExactlyAsTheEventCodecWritesItsEnvelope() {
        CheckinJson json = new CheckinJson();
        for (Instant at : new Instant[]{Instant.parse("2026-11-23T17:00:00.123456789Z"),
                Instant.parse("2026-11-23T17:00:00Z"), Instant.parse("2026-11-23T17:00:00.120Z")}) {
            for (String userAgent : new String[]{"Yealink SIP-T46S 66.86.0.15 0d:00:00:00:00:01",
                    "\"quoted\" \\ ä € \n\u0001", null}) {
                for (String sourceIp : new String[]{"203.0.113.5", null}) {
                    EventEnvelope reference = EventCodec.envelope(EventTypes.DEVICE_REDIRECTED,
                            DeviceCheckin.SCHEMA_VERSION, EventTypes.DEVICE, "0d0000000001", "checkin-acme", at,
                            new DeviceCheckin("0d0000000001", "checkin-acme", "redirect", null, null, null, sourceIp,
                                    userAgent, at));

                    byte[] written = json.write(reference.id(), "0d0000000001", "checkin-acme", sourceIp, userAgent, at);

                    assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(EventCodec.toJson(reference));
                }
            }
        }
    }
}
