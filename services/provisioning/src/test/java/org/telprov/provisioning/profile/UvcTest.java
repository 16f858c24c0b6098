package org.telprov.provisioning.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UvcTest {

    @Test
    void aUvcNamesTheInstantItFormats() {
        Instant instant = Instant.parse("2026-02-28T23:59:07Z");

        assertThat(Uvc.format(instant)).isEqualTo("2026-02-28_23:59:07");
        assertThat(Uvc.parse("2026-02-28_23:59:07")).contains(instant);
        assertThat(Uvc.parse("2024-02-29_00:00:00")).contains(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(Uvc.parse("0000-01-01_00:00:00")).map(Uvc::format).contains("0000-01-01_00:00:00");
        assertThat(Uvc.format(Instant.parse("2026-12-07T09:05:03.999Z"))).isEqualTo("2026-12-07_09:05:03");
        assertThat(Uvc.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01_00:00:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-02-28", "2026-02-28_23:59:0", "2026-02-28_23:59:070", "2026-02-28T23:59:07",
            "2026/02/28_23:59:07", "2026-02-28_23-59-07", "2026-0a-28_23:59:07", "+026-02-28_23:59:07",
            "2026-02-28_23:59:-7", "２０２６-02-28_23:59:07", "2026-02-30_00:00:00", "2026-02-29_00:00:00",
            "2026-13-01_00:00:00", "2026-00-01_00:00:00", "2026-01-00_00:00:00", "2026-01-01_24:00:00",
            "2026-01-01_23:60:00", "2026-01-01_23:59:60", "2026-02-28_23:59:07\u0000"})
    void textThatIsNotAUvcNamesNoInstant(String text) {
        assertThat(Uvc.parse(text)).isEmpty();
    }

    @Test
    void nothingIsNoUvc() {
        assertThat(Uvc.parse(null)).isEmpty();
    }
}
