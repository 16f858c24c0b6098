package org.telprov.inventory.dhcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.telprov.inventory.dhcp.DhcpValues.Transport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippets as the DHCP servers themselves read them: {@code dhcpd -t} (Debian package isc-dhcp-server) and
 * {@code kea-dhcp4 -t} (kea-dhcp4-server) check a configuration holding each family's snippet, with a template that
 * has a marker, a port, a query and a comma. CI installs both (.ci/run) and fails without them; elsewhere the test is
 * skipped with a message saying how to install them.
 */
class DhcpServersAcceptTheSnippetsTest {

    private static final String TEMPLATE = "https://prov.example.com:8443/prov/{mac}/?x=a,b";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DhcpFamily.class)
    void iscDhcpdAcceptsTheSnippet(DhcpFamily family) throws Exception {
        Path dhcpd = find("dhcpd", "isc-dhcp-server");
        DhcpValues values = values(family);
        String snippet = DhcpSnippets.iscDhcpd("acme", family, values);
        String config = values.option43() == null
                ? "subnet 192.0.2.0 netmask 255.255.255.0 {\n  range 192.0.2.10 192.0.2.20;\n" + snippet + "}\n"
                : "subnet 192.0.2.0 netmask 255.255.255.0 {\n  range 192.0.2.10 192.0.2.20;\n}\n" + snippet;
        Path file = Files.writeString(dir.resolve("dhcpd.conf"), config);

        Result result = run(dhcpd.toString(), "-t", "-cf", file.toString());

        assertThat(result.exit()).as(config + "\n" + result.output()).isZero();
    }

    @ParameterizedTest
    @EnumSource(DhcpFamily.class)
    void keaAcceptsTheSnippetMergedIntoDhcp4(DhcpFamily family) throws Exception {
        Path kea = find("kea-dhcp4", "kea-dhcp4-server");
        DhcpValues values = values(family);
        Map<String, Object> dhcp4 = new LinkedHashMap<>();
        dhcp4.put("interfaces-config", Map.of("interfaces", List.of()));
        dhcp4.put("lease-database", Map.of("type", "memfile", "persist", false));
        dhcp4.put("subnet4", List.of(Map.of("id", 1, "subnet", "192.0.2.0/24",
                "pools", List.of(Map.of("pool", "192.0.2.10 - 192.0.2.20")))));
        dhcp4.putAll(DhcpSnippets.kea("acme", family, values));
        String config = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("Dhcp4", dhcp4));
        Path file = Files.writeString(dir.resolve("kea-dhcp4.json"), config);

        Result result = run(kea.toString(), "-t", file.toString());

        assertThat(result.exit()).as(config + "\n" + result.output()).isZero();
    }

    private static DhcpValues values(DhcpFamily family) {
        // Plug-n-Dial over TFTP (its default); the template's query has no marker for the others to translate
        return family.bootsOverTftp()
                ? DhcpValues.of(TEMPLATE, family, Transport.TFTP, Optional.empty())
                : DhcpValues.of(TEMPLATE, family, Transport.HTTP, Optional.empty());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static Path find(String binary, String debianPackage) {
        Optional<Path> found = Stream.concat(
                        Optional.ofNullable(System.getenv("PATH")).stream()
                                .flatMap(path -> Arrays.stream(path.split(File.pathSeparator))),
                        Stream.of("/usr/sbin", "/usr/local/sbin"))
                .map(dir -> Path.of(dir, binary)).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = binary + " is not installed: apt-get install " + debianPackage + " (Debian)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; .ci/run installs it");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
