package org.telprov.phonesim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DhcpOptionsTest {

    /** The Auerswald provisioning document's example ("Results in the complete option 43 content"). */
    private static final String DOCUMENT_EXAMPLE =
            "42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00:43:0c:3c:48:57:54:59:50:3e:2e:62:61:6b:00";

    @Test
    void theDocumentsOptionFortyThreeDecodesToItsOptionsSixtySixAndSixtySeven() {
        DhcpOptions options = DhcpOptions.fromOption43(DOCUMENT_EXAMPLE);

        assertThat(options.option66()).isEqualTo("http://foo");
        assertThat(options.option67()).isEqualTo("<HWTYP>.bak");
        assertThat(options.url()).isEqualTo("http://foo/<HWTYP>.bak");
        assertThat(options.source()).isEqualTo("DHCP option 43");
        // the same bytes written without separators, or upper case
        assertThat(DhcpOptions.fromOption43(DOCUMENT_EXAMPLE.replace(":", "").toUpperCase())).isEqualTo(options);
    }

    @Test
    void optionsSixtySixAndSixtySevenAreJoinedWithASlashWhereMissing() {
        // the document's isc-dhcp-server example
        assertThat(DhcpOptions.of("http://prov.server.com", "prov.py?mac=<MACADR>").url())
                .isEqualTo("http://prov.server.com/prov.py?mac=<MACADR>");
        assertThat(DhcpOptions.of("http://prov.server.com/", "prov.py").url()).isEqualTo("http://prov.server.com/prov.py");
        assertThat(DhcpOptions.of("http://prov.server.com", "/prov.py").url()).isEqualTo("http://prov.server.com/prov.py");
        assertThat(DhcpOptions.of("https://p.example/prov/", null).url()).isEqualTo("https://p.example/prov/");
    }

    @Test
    void padEndAndOtherSubOptionsAreSkipped() {
        // PAD, an unknown sub-option 0x01 of two bytes, 0x42 "http://foo", END, then bytes after END
        DhcpOptions options = DhcpOptions.fromOption43(
                "00:01:02:aa:bb:42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00:ff:43:02:41:00");

        assertThat(options.option66()).isEqualTo("http://foo");
        assertThat(options.option67()).isNull();
        assertThat(options.url()).isEqualTo("http://foo");
    }

    @Test
    void malformedOptionFortyThreeIsRefusedSayingWhy() {
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42:0c:68:74:74:70:3a:2f:2f:66:6f:6f:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 43: sub-option 0x42 at byte 0 says 12 bytes, 11 follow");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42:03:61:62:63"))
                .hasMessage("option 43: sub-option 0x42 does not end with the NUL its length counts");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42:04:61:00:62:00"))
                .hasMessage("option 43: sub-option 0x42 has a NUL inside");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("43:02:61:00"))
                .hasMessage("option 43 has no sub-option 0x42 (option 66's value)");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42:0"))
                .hasMessageStartingWith("option 43 must be hex bytes");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42:zz"))
                .hasMessageStartingWith("option 43 must be hex bytes");
        assertThatThrownBy(() -> DhcpOptions.fromOption43("42"))
                .hasMessage("option 43: sub-option 0x42 at byte 0 has no length");
    }

    @Test
    void aTftpServerNameIsNoUrlTheSimulatorCanBootFrom() {
        DhcpOptions tftp = DhcpOptions.of("prov.example.com", null);

        assertThat(tftp.url()).isEqualTo("prov.example.com");
        assertThatThrownBy(tftp::provisioningUrl).hasMessage("option 66 'prov.example.com' names a TFTP server, not "
                + "an http(s) URL; the simulator boots over HTTP only");
        assertThat(DhcpOptions.of("HTTPS://p.example", "x").provisioningUrl()).isEqualTo("HTTPS://p.example/x");
    }
}
