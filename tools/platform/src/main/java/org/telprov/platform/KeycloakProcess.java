package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keycloak in development mode with the telprov realm imported, its H2 database kept in the data directory. */
final class KeycloakProcess implements AutoCloseable {

    static final String REALM = "telprov";
    /** The first start of a fresh installation re-augments Keycloak (about a minute here), later ones take seconds. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ManagedProcess process;
    private final int port;

    private KeycloakProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Launches Keycloak without waiting for it; see {@link #awaitReady()}. */
    static KeycloakProcess launch(Path home, Path realmFile, Path databaseDir, boolean fresh, Path logFile, int port) {
        try {
            if (fresh) {
                Directories.deleteRecursively(databaseDir);
            }
            Files.createDirectories(databaseDir);
            // --import-realm reads only from the installation; an existing realm is kept, not overwritten.
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak in " + home, e);
        }
        String url = baseUrl(port);
        List<String> command = List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                // A fixed hostname keeps the token issuer the same whether clients call 127.0.0.1 or localhost.
                "--hostname=" + url,
                "--import-realm",
                // State outside the shared installation, so that each data directory (a test's, the developer's) has its own.
                "--db-url=jdbc:h2:file:" + databaseDir.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE",
                "-Dquarkus.transaction-manager.object-store.directory=" + databaseDir.resolve("transaction-logs"));
        Map<String, String> environment = new HashMap<>();
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        if (System.getenv("JAVA_HOME") == null) {
            environment.put("JAVA_HOME", System.getProperty("java.home"));
        }
        return new KeycloakProcess(ManagedProcess.start("keycloak", command, environment, home, logFile), port);
    }

    static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    String url() {
        return baseUrl(port);
    }

    String issuerUrl() {
        return url() + "/realms/" + REALM;
    }

    void awaitReady() {
        String discovery = issuerUrl() + "/.well-known/openid-configuration";
        process.awaitReady(() -> HttpProbe.isOk(discovery), READY_TIMEOUT);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
