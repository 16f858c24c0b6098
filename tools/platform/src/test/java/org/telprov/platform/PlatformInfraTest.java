package org.telprov.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform on free ports with a stand-in service: real PostgreSQL, Kafka and Keycloak (about 30 s, a
 * minute more the first time Keycloak is unpacked and built), the realm's tokens, and nothing left running after close.
 */
class PlatformInfraTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void startsEverythingIssuesTheRealmsTokensAndLeavesNoProcessBehind() throws Exception {
        Platform platform = Platform.start(PlatformOptions.builder()
                .repoRoot(repoRootWithFakeInventory())
                .dataDir(tmp.resolve("data"))
                .freshKeycloak(true)
                .services(List.of("inventory", "console"))
                .replicas(2)
                .ports(PlatformPorts.free())
                .serviceJvmOptions(List.of("-Xmx64m"))
                .progress(System.out::println)
                .build());
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        try (platform) {
            assertClaims(platform, "telprov-operator", "operator-secret", "operator", null);
            assertClaims(platform, "partner-acme", "acme-secret", "partner-admin", "acme");
            assertClaims(platform, "partner-globex", "globex-secret", "partner-admin", "globex");
            assertClaims(platform, "partner-acme-readonly", "acme-readonly-secret", "partner", "acme");
            assertEquals(401, tokenResponse(platform, "partner-acme", "wrong-secret").statusCode());

            try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), platform.jdbcUsername(),
                    platform.jdbcPassword());
                 ResultSet result = connection.createStatement().executeQuery("SELECT current_database()")) {
                assertTrue(result.next());
                assertEquals("telprov", result.getString(1));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.kafkaBootstrapServers()))) {
                assertEquals(1, admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
            }
            String environment = get(platform.serviceUrl("inventory") + "/env").body();
            assertTrue(environment.contains("QUARKUS_DATASOURCE_JDBC_URL=" + platform.jdbcUrl()), environment);
            assertTrue(environment.contains("KAFKA_BOOTSTRAP_SERVERS=" + platform.kafkaBootstrapServers()));
            assertTrue(environment.contains("QUARKUS_OIDC_AUTH_SERVER_URL=" + platform.issuerUrl()));

            // the second process: its own port, the same connections and secrets, and a line of its own in the table
            List<String> inventories = platform.serviceUrls("inventory");
            assertEquals(2, inventories.size(), inventories.toString());
            String replica = inventories.get(1);
            assertFalse(replica.equals(platform.serviceUrl("inventory")), inventories.toString());
            String replicaEnvironment = get(replica + "/env").body();
            assertTrue(replicaEnvironment.contains("QUARKUS_DATASOURCE_JDBC_URL=" + platform.jdbcUrl()));
            assertEquals(2, secretsOf(environment).size(), environment);
            assertEquals(secretsOf(environment), secretsOf(replicaEnvironment));
            String summary = new PlatformSummary(platform).render();
            assertTrue(summary.lines().anyMatch(line -> line.equals("  inventory      " + inventories.get(0))), summary);
            assertTrue(summary.lines().anyMatch(line -> line.equals("  inventory-2    " + replica)), summary);
            // the console's URL and the realm's people, with their local passwords
            assertTrue(summary.contains("Log in to the console at " + platform.serviceUrl("console")), summary);
            String realm = Files.readString(Path.of("../..").toAbsolutePath().normalize()
                    .resolve(PlatformOptions.REALM_FILE));
            for (PlatformSummary.ConsoleUser user : PlatformSummary.CONSOLE_USERS) {
                assertTrue(summary.lines().anyMatch(line -> line.startsWith("  " + user.username() + " ")
                        && line.contains(user.password())), summary);
                assertTrue(realm.contains("\"username\": \"" + user.username() + "\"")
                        && realm.contains("\"value\": \"" + user.password() + "\""), user + " is not in the realm");
            }
        }

        assertTrue(children.size() >= 4, "kafka, keycloak and two processes of the service: " + children);
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "still running: " + children);
        // PostgreSQL detaches itself (pg_ctl), so it is not among the children: its pid file says whether it runs.
        assertFalse(Files.exists(platform.dataDir().resolve("postgres/postmaster.pid")));
    }

    /** The lines of a process's environment that hold secrets every replica must share. */
    private static List<String> secretsOf(String environment) {
        return environment.lines().filter(line -> line.startsWith("TELPROV_LINKS_SECRET=")
                || line.startsWith("TELPROV_PROVISIONING_SECRETS_KEY=")).toList();
    }

    /** A checkout with the real realm and tools (the shared Keycloak install) and stand-in inventory and console services. */
    private Path repoRootWithFakeInventory() throws Exception {
        Path realRoot = Path.of("").toAbsolutePath().resolve("../..").normalize();
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.createSymbolicLink(root.resolve("deploy"), realRoot.resolve("deploy"));
        Files.createSymbolicLink(Files.createDirectories(root.resolve(".platform")).resolve("tools"),
                realRoot.resolve(".platform/tools"));
        FakeService.install(root, "inventory");
        FakeService.install(root, "console");
        return root;
    }

    private static void assertClaims(Platform platform, String clientId, String secret, String role, String tenant)
            throws Exception {
        HttpResponse<String> response = tokenResponse(platform, clientId, secret);
        assertEquals(200, response.statusCode(), response.body());
        String accessToken = JSON.readTree(response.body()).get("access_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));

        assertEquals(platform.issuerUrl(), claims.get("iss").asText());
        assertTrue(values(claims.get("aud")).contains("telprov-api"), clientId + ": " + claims);
        assertTrue(values(claims.path("realm_access").path("roles")).contains(role), clientId + ": " + claims);
        if (tenant == null) {
            assertFalse(claims.has("tenant_id"), clientId + ": " + claims);
        } else {
            assertEquals(tenant, claims.path("tenant_id").asText(), clientId + ": " + claims);
        }
    }

    /** A JWT carries a single audience as a string and several as an array. */
    private static List<String> values(JsonNode node) {
        if (node.isArray()) {
            return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
        }
        return List.of(node.asText());
    }

    private static HttpResponse<String> tokenResponse(Platform platform, String clientId, String secret)
            throws Exception {
        String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret;
        return HTTP.send(HttpRequest.newBuilder(URI.create(platform.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
