package org.telprov.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"90:1b:0e:56:c7:bc", "90-1B-0E-56-C7-BC", "901b0e56c7bc", "901B0E56C7BC"})
    void everyAcceptedFormNormalisesToTwelveLowerCaseHexDigits(String text) {
        MacAddress mac = MacAddress.parse(text);

        assertThat(mac.toString()).isEqualTo("901b0e56c7bc");
        assertThat(mac.upperCase()).isEqualTo("901B0E56C7BC");
        assertThat(mac.colonSeparated()).isEqualTo("90:1b:0e:56:c7:bc");
    }

    @Test
    void leadingZerosAreKept() {
        assertThat(MacAddress.parse("00:0b:82:0c:23:71").toString()).isEqualTo("000b820c2371");
        assertThat(MacAddress.parse("000000000000").value()).isZero();
        assertThat(MacAddress.parse("ffffffffffff").toString()).isEqualTo("ffffffffffff");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "901b0e56c7b", "901b0e56c7bc0", "901b0e56c7bg", "90:1b:0e:56:c7-bc", "90:1b:0e:56:c7:bc:",
            "90.1b.0e.56.c7.bc", " 901b0e56c7bc", "901b0e56c7bc\n", "../../etc/passwd", "９０1b0e56c7bc",
            "90:1b0e:56:c7:bc:", "90:1b:0e:56:c7:b:", "90_1b_0e_56_c7_bc", "90::1b0e56c7bc::", "9g:1b:0e:56:c7:bc",
            "90:1b:0e:56:c7:bc\u0000"})
    void anythingElseIsRefused(String text) {
        assertThat(MacAddress.isValid(text)).isFalse();
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
