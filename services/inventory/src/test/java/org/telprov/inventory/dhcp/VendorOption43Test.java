package org.telprov.inventory.dhcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorOption43Test {

    /** The Auerswald provisioning document's example ("Results in the complete option 43 content"). */
    private static final String DOCUMENT_EXAMPLE =
            "42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00:43:0c:3c:48:57:54:59:50:3e:2e:62:61:6b:00";

    @Test
    void theDocumentsExampleIsEncodedByteForByte() {
        assertThat(VendorOption43.hex("http://foo", "<HWTYP>.bak")).isEqualTo(DOCUMENT_EXAMPLE);
    }

    @Test
    void eachLengthCountsTheTextAndItsTerminatingNul() {
        byte[] bytes = VendorOption43.bytes("http://foo", "<HWTYP>.bak");

        // 0x42, length 11 = "http://foo" (10) + NUL; 0x43, length 12 = "<HWTYP>.bak" (11) + NUL
        assertThat(bytes).hasSize(2 + 11 + 2 + 12);
        assertThat(bytes[0]).isEqualTo((byte) 0x42);
        assertThat(bytes[1]).isEqualTo((byte) 11);
        assertThat(bytes[12]).isZero();
        assertThat(bytes[13]).isEqualTo((byte) 0x43);
        assertThat(bytes[14]).isEqualTo((byte) 12);
        assertThat(bytes[bytes.length - 1]).isZero();
    }

    @Test
    void withoutABootFileOnlyTheServerSubOptionIsWritten() {
        assertThat(VendorOption43.hex("http://foo", "")).isEqualTo("42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00");
        assertThat(VendorOption43.hex("http://foo", null)).isEqualTo("42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00");
    }

    @Test
    void aValueOf254BytesFillsASubOptionAndOneMoreIsRefused() {
        String fits = "https://p.example/" + "a".repeat(254 - 18);
        String tooLong = fits + "a";

        assertThat(VendorOption43.bytes("http://foo", fits)).hasSize(13 + 2 + 255);
        assertThatThrownBy(() -> VendorOption43.hex("http://foo", tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 67's value is 255 bytes: sub-option 0x43 holds at most 254 bytes and the "
                        + "terminating NUL");
        assertThatThrownBy(() -> VendorOption43.hex(tooLong, "x"))
                .hasMessageStartingWith("option 66's value is 255 bytes: sub-option 0x42");
    }

    @Test
    void theLengthIsCountedInUtf8Bytes() {
        // 127 two-byte characters are 254 bytes, 128 are 256
        assertThat(VendorOption43.bytes("é".repeat(127), null)).hasSize(2 + 255);
        assertThatThrownBy(() -> VendorOption43.bytes("é".repeat(128), null))
                .hasMessageStartingWith("option 66's value is 256 bytes");
    }

    @Test
    void aNulInsideAValueAndAnEmptyServerAreRefused() {
        assertThatThrownBy(() -> VendorOption43.hex("http://foo", "a\0b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option 67's value contains a NUL character");
        assertThatThrownBy(() -> VendorOption43.hex("", "x"))
                .hasMessage("option 66's value (sub-option 0x42) must not be empty");
    }
}
