package org.telprov.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCheckinTest {

    @Test
    void anOversizeUserAgentWithControlCharactersIsCutToItsColumnAndCleaned() {
        String agent = "Gigaset\u0000 N870\r\n\u0085" + "x".repeat(10_000);

        DeviceCheckin checkin = DeviceCheckin.redirected("901b0e56c7bc", "acme", "10.0.0.1\u0000", agent,
                Instant.now());

        assertThat(checkin.userAgent()).startsWith("Gigaset N870x").hasSize(DeviceCheckin.USER_AGENT_LENGTH);
        assertThat(checkin.sourceIp()).isEqualTo("10.0.0.1");
        assertThat(DeviceCheckin.userAgent(agent)).isEqualTo(checkin.userAgent());
    }

    @Test
    void aSurrogatePairIsNeverCutInHalfAndALoneSurrogateIsDropped() {
        String text = "a".repeat(DeviceCheckin.USER_AGENT_LENGTH - 1) + "\uD83D\uDE00";

        assertThat(DeviceCheckin.userAgent(text)).isEqualTo("a".repeat(DeviceCheckin.USER_AGENT_LENGTH - 1));
        assertThat(DeviceCheckin.userAgent("a\uD83Db")).isEqualTo("ab");
    }

    @Test
    void cleanTextIsKeptAsItIs() {
        String agent = "Mozilla/5.0 (Gigaset N870 IP PRO; ü)";

        assertThat(DeviceCheckin.userAgent(agent)).isSameAs(agent);
        assertThat(DeviceCheckin.userAgent(null)).isNull();
    }

    @Test
    void theConsumerCleansWhatAnOldProducerSentUncleaned() {
        String json = "{\"mac\":\"901b0e56c7bc\",\"tenantId\":\"acme\",\"service\":\"redirect\",\"userAgent\":\"a\\u0000"
                + "b".repeat(600) + "\",\"at\":\"2026-12-06T10:00:00Z\"}";

        DeviceCheckin checkin = DeviceCheckin.REDIRECTED.payload(EventCodec.envelope(DeviceCheckin.REDIRECTED.type(),
                DeviceCheckin.SCHEMA_VERSION, DeviceSnapshot.AGGREGATE, "901b0e56c7bc", "acme", Instant.now(),
                readTree(json)));

        assertThat(checkin.userAgent()).startsWith("ab").hasSize(DeviceCheckin.USER_AGENT_LENGTH);
    }

    @Test
    void theFilesOfABootTravelInOrderOnceEachAndACheckinWithoutThemWritesNoFilesField() {
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        DeviceCheckin boot = DeviceCheckin.provisioned("901b0e56c7bc", "acme", "nvm/settings.xml",
                java.util.Arrays.asList("nvm/credentials.xml", "nvm/settings.xml\u0000", null, "nvm/credentials.xml"),
                "2026-12-06_09:00:00", "10.0.0.1", "Maxwell", at, null);
        DeviceCheckin redirect = DeviceCheckin.redirected("901b0e56c7bc", "acme", "10.0.0.1", "Maxwell", at);

        String json = EventCodec.toJson(DeviceCheckin.FETCHED.envelope(boot, at));
        DeviceCheckin read = EventCodec.payload(EventCodec.fromJson(json), DeviceCheckin.class);

        assertThat(read.files()).containsExactly("nvm/credentials.xml", "nvm/settings.xml");
        assertThat(read).isEqualTo(boot);
        assertThat(EventCodec.toJson(DeviceCheckin.REDIRECTED.envelope(redirect, at))).doesNotContain("files");
    }

    @Test
    void aCheckinNamesAtMostSoManyFiles() {
        List<String> many = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "f" + i).toList();

        DeviceCheckin checkin = DeviceCheckin.provisioned("901b0e56c7bc", "acme", "f39", many, null, null, null,
                Instant.now(), null);

        assertThat(checkin.files()).hasSize(DeviceCheckin.FILES_MAX).startsWith("f0", "f1");
    }

    private static Object readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
