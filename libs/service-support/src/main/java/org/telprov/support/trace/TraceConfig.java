package org.telprov.support.trace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * How many traces a service starts ({@link TraceSampling}). Whether traces are recorded and exported at all is
 * Quarkus' own {@code quarkus.otel.sdk.disabled} (true unless an endpoint is configured, see the shared defaults).
 */
@ConfigMapping(prefix = "telprov.traces")
public interface TraceConfig {

    /** Share of the traces started by requests outside the device paths (the partner API, 0 to 1). */
    @WithDefault("1.0")
    double ratio();

    /**
     * Share of the traces started by device requests (0 to 1): low, so that a boot storm of thousands of phones does
     * not drown the collector.
     */
    @WithDefault("0.01")
    double deviceRatio();

    /** The path prefixes of the service's device requests (e.g. {@code /device}); none in a service without any. */
    Optional<List<String>> devicePaths();
}
