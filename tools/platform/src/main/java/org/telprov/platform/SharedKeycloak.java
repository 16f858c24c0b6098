package org.telprov.platform;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A Keycloak with the telprov realm that outlives the platforms given it ({@link PlatformOptions.Builder#keycloak}):
 * end-to-end tests start one per test run rather than one per test class, since the realm holds nothing a test
 * changes and Keycloak is the slowest component to start.
 */
public final class SharedKeycloak implements AutoCloseable {

    private final KeycloakProcess process;

    private SharedKeycloak(KeycloakProcess process) {
        this.process = process;
    }

    /**
     * Launches Keycloak on a free port with a freshly imported realm, its database and log under dataDir, without
     * waiting for it: the first platform given it starts PostgreSQL and Kafka meanwhile, and every platform waits until
     * it is ready before its services start.
     */
    public static SharedKeycloak start(Path repoRoot, Path dataDir, Consumer<String> progress) {
        Path home = KeycloakDistribution.install(repoRoot.resolve(".platform/tools"));
        KeycloakProcess process = KeycloakProcess.launch(home, repoRoot.resolve(PlatformOptions.REALM_FILE),
                dataDir.resolve("keycloak"), true, dataDir.resolve("keycloak.log"), PlatformPorts.freePort());
        progress.accept("shared keycloak starting at " + process.url());
        return new SharedKeycloak(process);
    }

    KeycloakProcess process() {
        return process;
    }

    public String url() {
        return process.url();
    }

    @Override
    public void close() {
        process.close();
    }
}
