package org.telprov.firmware;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.telprov.support.probing.ProbeBudget;

import java.nio.file.Path;

/** The artifact store's limits and location, and the probing budget of the download links. */
@ConfigMapping(prefix = "telprov.firmware")
public interface FirmwareConfig {

    /**
     * Largest artifact an upload may carry; larger ones are refused with 413 and nothing is kept. Keep
     * {@code quarkus.http.limits.max-body-size} above it, or Vert.x answers first, without a problem body.
     */
    @WithDefault("2G")
    MemorySize maxArtifactSize();

    Store store();

    /**
     * Refused download links (forged, expired, another device's) per source address; beyond the budget the answer is
     * 429 instead of 403.
     */
    ProbeBudget.Config probing();

    interface Store {

        /** Where the filesystem blob store keeps artifacts (a PersistentVolume in Kubernetes). */
        @WithDefault("/var/lib/telprov/firmware")
        Path directory();
    }
}
