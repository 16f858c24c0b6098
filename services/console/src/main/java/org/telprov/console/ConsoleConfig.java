package org.telprov.console;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** What the console's pages may vary; where the services are is the REST clients' configuration. */
@ConfigMapping(prefix = "telprov.console")
public interface ConsoleConfig {

    /** Devices per page of the device list (the inventory API allows 1 to 500). */
    @WithDefault("25")
    int pageSize();

    /**
     * The largest firmware image the upload form takes: the firmware service's {@code telprov.firmware.max-artifact-size}
     * (keep them equal; the service refuses beyond its own anyway). {@code quarkus.http.limits.max-body-size} stays a
     * little above it, so that a refused upload gets the console's message rather than a bare 413 from Vert.x.
     */
    @WithDefault("2G")
    MemorySize firmwareMaxSize();

    /** The largest CSV file the import takes: what the inventory API accepts (its body limit). */
    @WithDefault("16M")
    MemorySize importMaxSize();

    /** Firmware artifacts per page of the firmware list. */
    @WithDefault("25")
    int firmwarePageSize();

    /** The realm role of a partner's administrator: only people with it are shown controls that write. */
    @WithDefault("partner-admin")
    String writerRole();

    /** The realm role of the platform's operator. */
    @WithDefault("operator")
    String operatorRole();

    /** The ID-token claim naming the person's tenant, shown in the header. */
    @WithDefault("tenant_id")
    String tenantClaim();

    /** The platform health page's sources: the services' own health and metrics endpoints. */
    Health health();

    /**
     * Where each service answers {@code /q/health/ready} and {@code /q/metrics} (its base URL, or its management
     * interface's); a service left unset is shown as not configured. These endpoints take no token, which is why the
     * console shows them to the operator only.
     */
    interface Health {

        Optional<String> inventoryUrl();

        Optional<String> redirectUrl();

        Optional<String> provisioningUrl();

        Optional<String> firmwareUrl();

        /** How long one call to one service may take; all calls run at once, so this bounds the page too. */
        @WithDefault("2S")
        Duration timeout();
    }
}
