package org.telprov.e2e;

import org.telprov.platform.Platform;
import org.telprov.platform.PlatformOptions;
import org.telprov.platform.PlatformPorts;
import org.telprov.platform.SharedKeycloak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options every end-to-end test starts its platform with: a wiped data directory, free ports, and one Keycloak
 * for the whole test run (its realm is imported fresh when the run starts; no test changes it). Test classes may run
 * two at a time ({@code -De2e.parallelism=2}, e2e/pom.xml), so each class has a data directory of its own and its
 * platform's progress lines name it.
 */
final class E2ePlatform {

    /** The services' data is wiped by the next test, so nothing is worth a graceful shutdown. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    /** A service boots in well under a minute, but on two cores shared with another test class's boot it may not. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private static final Object BOOTING = new Object();

    private static SharedKeycloak keycloak;

    private E2ePlatform() {
    }

    /**
     * @param dataSuffix appended to the build's e2e data directory; each test class has its own
     * @param services   the services to start
     */
    static PlatformOptions.Builder options(String dataSuffix, List<String> services) {
        return PlatformOptions.builder()
                .repoRoot(repoRoot())
                .dataDir(Path.of(System.getProperty("telprov.e2e.data") + dataSuffix))
                .wipeData(true)
                .keycloak(keycloak())
                .serviceStopGrace(STOP_GRACE)
                .serviceReadyTimeout(READY_TIMEOUT)
                .ports(PlatformPorts.free())
                .services(services)
                .progress(line -> progress("e2e-data" + dataSuffix + ": " + line));
    }

    /**
     * Starts a platform once no other test class's platform is booting. A boot keeps both cores busy: two at once take
     * as long as one after the other, and each service's boot then nears its timeouts (a connection from the pool at
     * start, the ready deadline). The class whose boot waits here lets the other class's test body run meanwhile.
     */
    static Platform start(PlatformOptions options) {
        synchronized (BOOTING) {
            return Platform.start(options);
        }
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
