package org.telprov.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Launching a service from its fast-jar, with a stand-in service instead of a real Quarkus one. */
class ServiceProcessTest {

    private static final ServiceProcess.Connections CONNECTIONS = new ServiceProcess.Connections(
            "jdbc:postgresql://127.0.0.1:15432/telprov", "postgres", "postgres", "127.0.0.1:19092",
            "http://127.0.0.1:18080/realms/telprov", "local-links-secret-0123456789abcdef", "c2VjcmV0cy1rZXk=",
            "http://127.0.0.1:8082", "http://127.0.0.1:8083", "http://127.0.0.1:8084", "http://127.0.0.1:8081");

    @TempDir
    Path repoRoot;

    @Test
    void aServiceIsReadyWithTheConnectionSettingsAndPortInItsEnvironment() throws Exception {
        FakeService.install(repoRoot, "inventory");
        int port = PlatformPorts.free().service("inventory");

        try (ServiceProcess service = launch(port, Map.of("TELPROV_EXTRA", "yes"))) {
            service.awaitReady(Duration.ofSeconds(30));

            String environment = get(service.url() + "/env");
            assertTrue(environment.contains("QUARKUS_HTTP_PORT=" + port), environment);
            assertTrue(environment.contains("QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:15432/telprov"));
            assertTrue(environment.contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092"));
            assertTrue(environment.contains("QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:18080/realms/telprov"));
            assertTrue(environment.contains("TELPROV_EXTRA=yes"));
            assertTrue(environment.contains("TELPROV_LINKS_SECRET=local-links-secret-0123456789abcdef"));
        }
    }

    /**
     * The packaged services have no production defaults for these and refuse to start without them: every
     * {@code %prod.telprov.production.required."<setting>"} entry of the libraries and services is a variable here.
     */
    @Test
    void theServicesGetEverySettingProductionRequires() throws IOException {
        Path repo = Path.of("../..").toAbsolutePath().normalize();
        Pattern required = Pattern.compile("^%prod\\.telprov\\.production\\.required\\.\"([^\"]+)\"=", Pattern.MULTILINE);
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(repo.resolve("libs")), Files.walk(repo.resolve("services")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties") && f.toString().contains("src/main"))
                    .toList()) {
                Matcher matcher = required.matcher(Files.readString(file));
                while (matcher.find()) {
                    variables.add(matcher.group(1).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
                }
            }
        }

        assertTrue(variables.containsAll(List.of("QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                "QUARKUS_OIDC_AUTH_SERVER_URL")), variables.toString());
        for (String variable : variables) {
            assertTrue(CONNECTIONS.environment().containsKey(variable), variable + " is not passed to the services");
        }
    }

    @Test
    void aServiceThatDiesAtStartupIsReportedWithItsLog() throws IOException {
        FakeService.install(repoRoot, "inventory");

        try (ServiceProcess service = launch(PlatformPorts.free().service("inventory"), Map.of(FakeService.FAIL, "yes"))) {
            PlatformException failure = assertThrows(PlatformException.class, () -> service.awaitReady(Duration.ofSeconds(30)));

            assertTrue(failure.getMessage().contains("inventory exited with code 3"), failure.getMessage());
            assertTrue(failure.getMessage().contains("told to fail"), failure.getMessage());
        }
    }

    @Test
    void aMissingJarIsReportedWithTheBuildCommand() {
        PlatformException failure = assertThrows(PlatformException.class,
                () -> ServiceProcess.requireBuilt(repoRoot, "redirect"));

        assertTrue(failure.getMessage().contains("./mvnw -DskipTests package"), failure.getMessage());
        assertFalse(failure.getMessage().contains("inventory"));
    }

    @Test
    void theConsoleCallsTheApisReadsEveryServicesHealthAndLogsPeopleInAsTheRealmsConsoleClient() throws Exception {
        FakeService.install(repoRoot, "console");
        int port = PlatformPorts.free().service("console");
        PlatformOptions options = PlatformOptions.builder().repoRoot(repoRoot).dataDir(repoRoot.resolve("data"))
                .serviceJvmOptions(List.of("-Xmx64m")).build();

        try (ServiceProcess console = ServiceProcess.launch(options, "console", port, CONNECTIONS,
                repoRoot.resolve("data/services/console"), repoRoot.resolve("data/logs/console.log"))) {
            console.awaitReady(Duration.ofSeconds(30));

            String environment = get(console.url() + "/env");
            assertTrue(environment.contains("QUARKUS_REST_CLIENT_INVENTORY_URL=http://127.0.0.1:8084"), environment);
            assertTrue(environment.contains("QUARKUS_REST_CLIENT_PROVISIONING_URL=http://127.0.0.1:8082"), environment);
            assertTrue(environment.contains("QUARKUS_REST_CLIENT_FIRMWARE_URL=http://127.0.0.1:8083"), environment);
            assertTrue(environment.contains("QUARKUS_OIDC_CREDENTIALS_SECRET=console-local-secret"), environment);
            for (String service : List.of("INVENTORY=http://127.0.0.1:8084", "REDIRECT=http://127.0.0.1:8081",
                    "PROVISIONING=http://127.0.0.1:8082", "FIRMWARE=http://127.0.0.1:8083")) {
                assertTrue(environment.contains("TELPROV_CONSOLE_HEALTH_" + service.replace("=", "_URL=")),
                        environment);
            }
            String realm = Files.readString(Path.of("../..").toAbsolutePath().normalize()
                    .resolve(PlatformOptions.REALM_FILE));
            assertTrue(realm.contains("\"secret\": \"" + ServiceProcess.CONSOLE_CLIENT_SECRET + "\""),
                    "the realm's console client has the secret the platform passes");
        }
    }

    @Test
    void theRedirectServiceRunsWithTheSerialCollectorUnlessTheOptionsChooseOne() {
        PlatformOptions defaults = PlatformOptions.builder().repoRoot(repoRoot).build();
        PlatformOptions g1 = PlatformOptions.builder().repoRoot(repoRoot)
                .serviceJvmOptions(List.of("-Xmx256m", "-XX:+UseG1GC")).build();

        assertTrue(ServiceProcess.command(defaults, "redirect").contains("-XX:+UseSerialGC"));
        assertTrue(ServiceProcess.command(defaults, "redirect").contains("-Xmx256m"));
        assertFalse(ServiceProcess.command(defaults, "inventory").contains("-XX:+UseSerialGC"));
        assertFalse(ServiceProcess.command(g1, "redirect").contains("-XX:+UseSerialGC"));
        assertTrue(ServiceProcess.command(g1, "redirect").contains("-XX:+UseG1GC"));
    }

    private ServiceProcess launch(int port, Map<String, String> environment) {
        PlatformOptions options = PlatformOptions.builder()
                .repoRoot(repoRoot)
                .dataDir(repoRoot.resolve("data"))
                .serviceJvmOptions(List.of("-Xmx64m"))
                .serviceEnvironment(environment)
                .build();
        return ServiceProcess.launch(options, "inventory", port, CONNECTIONS,
                repoRoot.resolve("data/services/inventory"), repoRoot.resolve("data/logs/inventory.log"));
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
