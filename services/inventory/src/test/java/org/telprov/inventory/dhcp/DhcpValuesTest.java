package org.telprov.inventory.dhcp;

import org.junit.jupiter.api.Test;
import org.telprov.inventory.dhcp.DhcpValues.Transport;
import org.telprov.support.problem.ProblemException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DhcpValuesTest {

    private static DhcpValues http(String template, DhcpFamily family) {
        return DhcpValues.of(template, family, Transport.HTTP, Optional.empty());
    }

    @Test
    void theAuerswaldDocumentsExampleComesBackAsItsOptions() {
        DhcpValues values = http("http://foo/<HWTYP>.bak", DhcpFamily.AUERSWALD);

        assertThat(values.option66()).isEqualTo("http://foo");
        assertThat(values.option67()).isEqualTo("<HWTYP>.bak");
        assertThat(values.option43())
                .isEqualTo("42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00:43:0c:3c:48:57:54:59:50:3e:2e:62:61:6b:00");
        assertThat(values.url()).isEqualTo("http://foo/<HWTYP>.bak");
    }

    @Test
    void theUrlIsCutAfterTheHostAndTheOptionsJoinBackToIt() {
        for (String template : List.of("https://prov.example.com/prov/{mac}/", "https://prov.example.com:8443/a?b=c",
                "http://10.0.0.1/prov.py?mac=<MACADR>", "https://prov.example.com")) {
            DhcpValues values = http(template, DhcpFamily.AUERSWALD);
            assertThat(DhcpValues.join(values.option66(), values.option67())).isEqualTo(template);
            assertThat(values.url()).isEqualTo(template);
        }
        DhcpValues values = http("https://prov.example.com:8443/prov/{mac}/", DhcpFamily.AUERSWALD);
        assertThat(values.option66()).isEqualTo("https://prov.example.com:8443");
        assertThat(values.option67()).isEqualTo("prov/{mac}/");
        assertThat(http("https://prov.example.com/", DhcpFamily.AUERSWALD).option67()).isNull();
    }

    @Test
    void slashesAreInsertedOnlyWhereNeitherValueHasOne() {
        assertThat(DhcpValues.join("http://prov.server.com", "prov.py?mac=<MACADR>"))
                .isEqualTo("http://prov.server.com/prov.py?mac=<MACADR>");
        assertThat(DhcpValues.join("http://prov.server.com/", "prov.py")).isEqualTo("http://prov.server.com/prov.py");
        assertThat(DhcpValues.join("http://prov.server.com", "/prov.py")).isEqualTo("http://prov.server.com/prov.py");
        assertThat(DhcpValues.join("http://prov.server.com", null)).isEqualTo("http://prov.server.com");
    }

    @Test
    void markersAreWrittenAsTheFamilysPhonesFillThemIn() {
        DhcpValues maxwell = http("https://p.example/prov/{mac}/", DhcpFamily.MAXWELL_10);
        assertThat(maxwell.option67()).isEqualTo("prov/%MACD/");
        assertThat(maxwell.option43()).isNull();
        assertThat(http("https://p.example/prov/<MACADR>/", DhcpFamily.MAXWELL_11).option67())
                .isEqualTo("prov/%MACD/");
        assertThat(http("https://p.example/prov/%MACD/?s={serial}", DhcpFamily.AUERSWALD).option67())
                .isEqualTo("prov/<MACADR>/?s={serial}");
    }

    @Test
    void aMarkerTheFamilyCannotFillInIsRefusedNamingIt() {
        assertThatThrownBy(() -> http("https://p.example/{mac}/{serial}/<HWTYP>", DhcpFamily.MAXWELL_11))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().code()).isEqualTo("unsupported_marker");
                    assertThat(e.problem().members()).containsEntry("markers", List.of("{serial}", "<HWTYP>"));
                });
        assertThatThrownBy(() -> http("https://p.example/{mac_colons}", DhcpFamily.AUERSWALD))
                .hasMessageContaining("{mac_colons}");
        assertThatThrownBy(() -> http("https://p.example/prov/{mac}", DhcpFamily.PLUG_N_DIAL))
                .hasMessageEndingWith("use transport=tftp");
    }

    @Test
    void anOptionLongerThanADhcpOptionIsRefused() {
        String path = "a".repeat(256);
        assertThatThrownBy(() -> http("https://p.example/" + path, DhcpFamily.AUERSWALD))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().code()).isEqualTo("dhcp_option_too_long");
                    assertThat(e.problem().detail()).isEqualTo("option 67 would be 256 bytes; a DHCP option holds 255");
                });
    }

    @Test
    void optionFortyThreeIsLeftOutWhenBothValuesDoNotFitInOneOption() {
        // 67 fits its own option (240 bytes); option 43 would need 2 + 17 + 1 (66) + 2 + 240 + 1 (67) = 263
        DhcpValues values = http("https://p.example/" + "a".repeat(240), DhcpFamily.AUERSWALD);

        assertThat(values.option67()).hasSize(240);
        assertThat(values.option43()).isNull();
        assertThat(values.notes()).containsExactly(
                "No option 43: both values need 263 bytes, a DHCP option holds 255; use options 66 and 67.");
    }

    @Test
    void overTftpOptionSixtySixNamesTheTemplatesHostOrTheConfiguredServer() {
        DhcpValues values = DhcpValues.of("https://prov.example.com:8443/prov/{mac}", DhcpFamily.PLUG_N_DIAL,
                Transport.TFTP, Optional.empty());
        assertThat(values.option66()).isEqualTo("prov.example.com");
        assertThat(values.option67()).isNull();
        assertThat(values.option43()).isNull();
        assertThat(values.url()).isEqualTo("tftp://prov.example.com/");

        assertThat(DhcpValues.of("https://prov.example.com/prov/{mac}", DhcpFamily.PLUG_N_DIAL, Transport.TFTP,
                Optional.of("192.0.2.69")).option66()).isEqualTo("192.0.2.69");
        assertThatThrownBy(() -> DhcpValues.of("https://{mac}.example.com/", DhcpFamily.PLUG_N_DIAL, Transport.TFTP,
                Optional.empty())).hasMessageContaining("telprov.inventory.dhcp.tftp-server");
    }

    @Test
    void theSnippetsCarryTheValuesQuotedAsEachServerReadsThem() {
        DhcpValues values = http("https://p.example/prov.py?mac=<MACADR>&x=a,b", DhcpFamily.AUERSWALD);

        String isc = DhcpSnippets.iscDhcpd("acme", DhcpFamily.AUERSWALD, values);
        assertThat(isc).contains("class \"telprov-acme-auerswald\" {\n",
                "  match if substring(hardware, 1, 3) = 00:09:52;\n",
                "  option tftp-server-name \"https://p.example\";\n",
                "  option bootfile-name \"prov.py?mac=<MACADR>&x=a,b\";\n",
                "  filename \"prov.py?mac=<MACADR>&x=a,b\";\n",
                "  option vendor-encapsulated-options " + values.option43() + ";\n");

        Map<String, Object> kea = DhcpSnippets.kea("acme", DhcpFamily.AUERSWALD, values);
        assertThat(kea).containsOnlyKeys("client-classes");
        @SuppressWarnings("unchecked")
        Map<String, Object> clientClass = ((List<Map<String, Object>>) kea.get("client-classes")).get(0);
        assertThat(clientClass).containsEntry("name", "telprov-acme-auerswald")
                .containsEntry("test", "substring(pkt4.mac, 0, 3) == 0x000952")
                .containsEntry("option-def", List.of(Map.of("name", "vendor-encapsulated-options", "code", 43,
                        "type", "binary")))
                .containsEntry("option-data", List.of(
                        Map.of("name", "tftp-server-name", "data", "https://p.example"),
                        // Kea splits string data at an unescaped comma
                        Map.of("name", "boot-file-name", "data", "prov.py?mac=<MACADR>&x=a\\,b"),
                        Map.of("name", "vendor-encapsulated-options", "code", 43, "csv-format", false,
                                "data", values.option43())));
    }

    @Test
    void withoutOptionFortyThreeTheSnippetsAreBareOptions() {
        DhcpValues values = http("https://p.example/prov/{mac}/", DhcpFamily.MAXWELL_10);

        assertThat(DhcpSnippets.iscDhcpd("acme", DhcpFamily.MAXWELL_10, values)).isEqualTo("""
                # telprov tenant acme: Gigaset Maxwell (provisioning 1.0) phones
                # inside the subnet, pool, group or host declarations of those phones
                option tftp-server-name "https://p.example";
                option bootfile-name "prov/%MACD/";
                filename "prov/%MACD/";
                """);
        assertThat(DhcpSnippets.kea("acme", DhcpFamily.MAXWELL_10, values)).isEqualTo(Map.of("option-data", List.of(
                Map.of("name", "tftp-server-name", "data", "https://p.example"),
                Map.of("name", "boot-file-name", "data", "prov/%MACD/"))));
    }
}
