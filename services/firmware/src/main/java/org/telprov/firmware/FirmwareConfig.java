package org.telprov.firmware;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.telprov.support.probing.ProbeBudget;

import java.nio.file.Path;
import java.time.Duration;

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

    Quota quota();

    /**
     * Refused download links (forged, expired, another device's) per source address; beyond the budget the answer is
     * 429 instead of 403.
     */
    ProbeBudget.Config probing();

    interface Store {

        /** Where the filesystem blob store keeps artifacts (a PersistentVolume in Kubernetes). */
        @WithDefault("/var/lib/telprov/firmware")
        Path directory();

        /**
         * Free space an upload leaves on the store's volume; an upload that would eat into it is refused with 507
         * {@code insufficient_storage} and nothing of it is kept.
         */
        @WithDefault("1G")
        MemorySize reserve();
    }

    /**
     * How many bytes of artifacts each scope may keep, so no tenant fills the volume the others share; the defaults of
     * the scopes the operator has set no quota for through the API. Every artifact counts with its full size in its own
     * scope, also when other artifacts have the same bytes (one copy on disk).
     */
    interface Quota {

        /** Every tenant's quota by default. */
        @WithDefault("10G")
        MemorySize tenant();

        /** The platform scope's by default: the vendor firmware the operator publishes for every tenant. */
        @WithDefault("50G")
        MemorySize platform();

        /** How often the storage gauges are read again from the database (other replicas' uploads). */
        @WithDefault("60s")
        Duration gaugeRefresh();
    }
}
