package org.telprov.support.checkin;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;

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
                    assertWrittenAsTheCodecWritesIt(DeviceCheckin.REDIRECTED, DeviceCheckin.redirected(
                            "0d0000000001", "checkin-acme", sourceIp, userAgent, at));
                }
            }
        }
    }

    @Test
    void aCheckinNamingTheFilesOfABootIsWrittenExactlyAsTheEventCodecWritesItsEnvelope() {
        Instant at = Instant.parse("2026-11-23T17:00:00.5Z");
        assertWrittenAsTheCodecWritesIt(DeviceCheckin.FETCHED, DeviceCheckin.provisioned("0d0000000001", "acme",
                "nvm/settings.xml", List.of("nvm/credentials.xml", "nvm/\"settings\".xml"), "2026-11-23_16:00:00",
                "203.0.113.5", "Maxwell 3B/2.58", at, null));
        assertWrittenAsTheCodecWritesIt(DeviceCheckin.FETCHED, DeviceCheckin.provisioned("0d0000000001", "acme",
                "config.txt", List.of("config.md5", "config.txt"), "2026-11-23_16:00:00", "203.0.113.5", null, at,
                DeviceCheckin.TFTP));
        assertWrittenAsTheCodecWritesIt(DeviceCheckin.FETCHED, DeviceCheckin.downloaded("0d0000000001", "acme",
                "artifact-1", "1.2.3", "203.0.113.5", null, at));
    }

    private void assertWrittenAsTheCodecWritesIt(EventKind<DeviceCheckin> kind, DeviceCheckin checkin) {
        EventEnvelope reference = kind.envelope(checkin, checkin.at());

        byte[] written = json.write(reference.id(), kind, checkin);

        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(EventCodec.toJson(reference));
    }
}
