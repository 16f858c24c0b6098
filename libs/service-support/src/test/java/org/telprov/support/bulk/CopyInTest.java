package org.telprov.support.bulk;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CopyInTest {

    private static String text(Object value) {
        StringBuilder text = new StringBuilder();
        CopyIn.appendValue(text, value);
        return text.toString();
    }

    @Test
    void nullIsCopysNullMarkerAndTheEmptyStringStaysEmpty() {
        assertThat(text(null)).isEqualTo("\\N");
        assertThat(text("")).isEmpty();
    }

    @Test
    void theSeparatorsAndTheEscapeCharacterAreEscapedAndJsonQuotesAreNot() {
        assertThat(text("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(text("{\"mac\":\"0e0000000001\",\"note\":\"\\\\N\"}"))
                .isEqualTo("{\"mac\":\"0e0000000001\",\"note\":\"\\\\\\\\N\"}");
        // a literal \N in a value must not read as null
        assertThat(text("\\N")).isEqualTo("\\\\N");
    }

    @Test
    void instantsAreIsoInUtcAndBooleansAndUuidsAreWhatPostgresqlReads() {
        assertThat(text(Instant.parse("2026-12-07T02:39:50.569825Z"))).isEqualTo("2026-12-07T02:39:50.569825Z");
        assertThat(text(true)).isEqualTo("t");
        assertThat(text(false)).isEqualTo("f");
        UUID id = UUID.fromString("c930078d-017f-4f01-bcc3-0420b32d690c");
        assertThat(text(id)).isEqualTo("c930078d-017f-4f01-bcc3-0420b32d690c");
        assertThat(text(42L)).isEqualTo("42");
    }
}
