package org.telprov.support.checkin;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckinJsonTest {

    private final CheckinJson json = new CheckinJson();

    @Test
    void aRedirectCheckinIsWrittenExactlyAsTheEventCodecWritesItsEnvelope() {
        for (Instant at : new Instant[]{Instant.parse("2026-11-23T17:00:00.123456789Z"),
                Instant.parse("2026-11-23T17:00:00Z"), Instant.parse("2026-11-23T17:00:00.120Z")}) {
            for (String userAgent : new String[]{"Yealink SIP-T46S 66.86.0.15 0d:00:00:00:00:01",
                    "\"quoted\" \\ ä € \n\u0001", null}) {
                for (String sourceIp : new String[]{"203.0.113.5", null}) {
                    assertWrittenAsTheCodecWritesIt(EventTypes.DEVICE_REDIRECTED, new DeviceCheckin("0d0000000001",
                            "checkin-acme", "redirect", null, null, null, sourceIp, userAgent, at));
                }
            }
        }
    }

    @Test
    void aCheckinNamingTheFilesOfABootIsWrittenExactlyAsTheEventCodecWritesItsEnvelope() {
        Instant at = Instant.parse("2026-11-23T17:00:00.5Z");
        assertWrittenAsTheCodecWritesIt(EventTypes.DEVICE_FETCHED, new DeviceCheckin("0d0000000001", "acme",
                "provisioning", "nvm/settings.xml", List.of("nvm/credentials.xml", "nvm/\"settings\".xml"),
                "2026-11-23_16:00:00", null, "203.0.113.5", "Maxwell 3B/2.58", at));
        assertWrittenAsTheCodecWritesIt(EventTypes.DEVICE_FETCHED, new DeviceCheckin("0d0000000001", "acme",
                "provisioning", "config.txt", List.of("config.md5", "config.txt"), "2026-11-23_16:00:00", null,
                "203.0.113.5", null, at, DeviceCheckin.TFTP));
        assertWrittenAsTheCodecWritesIt(EventTypes.DEVICE_FETCHED, new DeviceCheckin("0d0000000001", "acme",
                "firmware", "artifact-1", null, "1.2.3", "203.0.113.5", null, at));
    }

    private void assertWrittenAsTheCodecWritesIt(String type, DeviceCheckin checkin) {
        EventEnvelope reference = EventCodec.envelope(type, DeviceCheckin.SCHEMA_VERSION, EventTypes.DEVICE,
                checkin.mac(), checkin.tenantId(), checkin.at(), checkin);

        byte[] written = json.write(reference.id(), type, checkin);

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(EventCodec.toJson(reference));
    }
}
