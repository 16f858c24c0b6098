package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Phones that start from DHCP option values rather than the redirect service, and {@code phone-sim dhcp}. */
class DhcpBootTest {

    private FakePlatform platform;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void anAuerswaldPhoneBootsFromOptionFortyThreeWithItsMarkersFilledIn() {
        platform.dialect = "auerswald";

        int status = run("--family", "auerswald", "--mac", "00:09:52:00:00:0E",
                "--dhcp-43", option43(platform.base(), "prov/<MACADR>/"));

        assertThat(status).as(out() + err()).isZero();
        assertThat(out()).contains("provisioning URL " + platform.base() + "/prov/00095200000E/ (from DHCP option "
                + "43, redirect service not asked)");
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri))
                .containsExactly("/prov/00095200000E/", "/prov/00095200000E/settings.xml");
    }

    @Test
    void aMaxwellPhoneBootsFromOptionsSixtySixAndSixtySevenJoinedWithASlash() {
        platform.dialect = "maxwell-1.1";

        int status = run("--family", "maxwell-1.1", "--mac", "7c2f80c0ffee", "--dhcp-66", platform.base(),
                "--dhcp-67", "prov/%MACD/");

        assertThat(status).as(out() + err()).isZero();
        assertThat(platform.seen().get(0).uri()).isEqualTo("/prov/7C2F80C0FFEE/");
        assertThat(out()).contains("(from DHCP options 66 and 67, redirect service not asked)");
    }

    @Test
    void dhcpOptionsThatNameNoHttpUrlOrClashWithAnotherSourceAreUsageErrors() {
        assertThat(run("--family", "plug-n-dial", "--mac", "000b820c2371", "--dhcp-66", "prov.example.com"))
                .isEqualTo(2);
        assertThat(err()).contains("names a TFTP server");
        assertThat(run("--family", "auerswald", "--mac", "00095200000e", "--dhcp-43", "42:03:61:62:63")).isEqualTo(2);
        assertThat(run("--family", "auerswald", "--mac", "00095200000e", "--dhcp-43", option43("http://a", null),
                "--dhcp-66", "http://b")).isEqualTo(2);
        assertThat(run("--family", "auerswald", "--mac", "00095200000e", "--dhcp-66", "http://a", "--url",
                "http://b")).isEqualTo(2);
        assertThat(run("--family", "auerswald", "--mac", "00095200000e", "--dhcp-67", "x")).isEqualTo(2);
        assertThat(platform.seen()).isEmpty();
    }

    @Test
    void theDhcpCommandPrintsWhatInventoryAnswersForTheTenantAndFamily() {
        platform.override("/api/v1/tenants/acme/dhcp-options/plug-n-dial",
                FakePlatform.Answer.of("text/plain", "option 66: prov.example.com\n"));

        int status = PhoneSimMain.run(new String[]{"dhcp", "--inventory", platform.base() + "/", "--tenant", "acme",
                        "--family", "plug-n-dial", "--transport", "tftp"}, stream(out), stream(err),
                Map.of(DhcpCommand.TOKEN_VARIABLE, "operator-token"));

        assertThat(status).as(err()).isZero();
        assertThat(out()).isEqualTo("option 66: prov.example.com\n");
        assertThat(platform.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.uri()).isEqualTo("/api/v1/tenants/acme/dhcp-options/plug-n-dial?transport=tftp");
            assertThat(seen.authorization()).isEqualTo("Bearer operator-token");
        });
    }

    @Test
    void theDhcpCommandFailsOnAnErrorAnswerAndWithoutAToken() {
        platform.override("/api/v1/tenants/acme/dhcp-options/polycom", new FakePlatform.Answer(404,
                "application/problem+json", "{\"code\":\"not_found\"}".getBytes(StandardCharsets.UTF_8), Map.of()));

        int status = PhoneSimMain.run(new String[]{"dhcp", "--inventory", platform.base(), "--tenant", "acme",
                "--family", "polycom", "--token", "t"}, stream(out), stream(err), Map.of());
        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("HTTP 404", "not_found");

        assertThat(PhoneSimMain.run(new String[]{"dhcp", "--inventory", platform.base(), "--tenant", "acme",
                "--family", "auerswald"}, stream(out), stream(err), Map.of())).isEqualTo(2);
        assertThat(err()).contains("a token is required");
    }

    /** Option 43 as the Auerswald document encodes it, written here from the document's rules. */
    private static String option43(String server, String file) {
        StringBuilder hex = new StringBuilder(subOption(0x42, server));
        if (file != null) {
            hex.append(':').append(subOption(0x43, file));
        }
        return hex.toString();
    }

    private static String subOption(int code, String text) {
        byte[] value = (text + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] option = new byte[value.length + 2];
        option[0] = (byte) code;
        option[1] = (byte) value.length;
        System.arraycopy(value, 0, option, 2, value.length);
        return HexFormat.ofDelimiter(":").formatHex(option);
    }

    private int run(String... args) {
        return PhoneSimMain.run(args, stream(out), stream(err));
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
