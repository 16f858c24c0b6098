package org.telprov.e2e;

import org.telprov.platform.PlatformOptions;
import org.telprov.platform.PlatformPorts;
import org.telprov.platform.SharedKeycloak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options every end-to-end test starts its platform with: a wiped data directory, free ports, and one Keycloak
 * for the whole test run (its realm is imported fresh when the run starts; no test changes it).
 */
final class E2ePlatform {

    /** The services' data is wiped by the next test, so nothing is worth a graceful shutdown. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private static SharedKeycloak keycloak;

    private E2ePlatform() {
    }

    /**
     * @param dataSuffix appended to the build's e2e data directory, for a test class that must not share it
     * @param services   the services to start
     */
    static PlatformOptions.Builder options(String dataSuffix, List<String> services) {
        return PlatformOptions.builder()
                .repoRoot(repoRoot())
                .dataDir(Path.of(System.getProperty("telprov.e2e.data") + dataSuffix))
                .wipeData(true)
                .keycloak(keycloak())
                .serviceStopGrace(STOP_GRACE)
                .ports(PlatformPorts.free())
                .services(services)
                .progress(E2ePlatform::progress);
    }

    /** Started by the first test that asks, stopped when the test JVM exits. */
    private static synchronized SharedKeycloak keycloak() {
        if (keycloak == null) {
            keycloak = SharedKeycloak.start(repoRoot(), Path.of(System.getProperty("telprov.e2e.data") + "-keycloak"),
                    E2ePlatform::progress);
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "shared-keycloak-shutdown"));
        }
        return keycloak;
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("telprov.repo.root"));
    }

    private static void progress(String line) {
        System.out.println("[platform] " + line);
    }
}
