package org.telprov.e2e;

import org.telprov.platform.PlatformOptions;
import org.telprov.platform.PlatformPorts;

import java.nio.file.Path;
import java.util.List;

/** The options every end-to-end test starts its platform with: a wiped data directory, a fresh realm, free ports. */
final class E2ePlatform {

    private E2ePlatform() {
    }

    /**
     * @param dataSuffix appended to the build's e2e data directory, for a test class that must not share it
     * @param services   the services to start
     */
    static PlatformOptions.Builder options(String dataSuffix, List<String> services) {
        return PlatformOptions.builder()
                .repoRoot(Path.of(System.getProperty("telprov.repo.root")))
                .dataDir(Path.of(System.getProperty("telprov.e2e.data") + dataSuffix))
                .wipeData(true)
                .freshKeycloak(true)
                .ports(PlatformPorts.free())
                .services(services)
                .progress(line -> System.out.println("[platform] " + line));
    }
}
