package org.telprov.console;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
