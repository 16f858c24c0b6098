package org.telprov.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the console's pages may vary; where the services are is the REST clients' configuration. */
@ConfigMapping(prefix = "telprov.console")
public interface ConsoleConfig {

    /** Devices per page of the device list (the inventory API allows 1 to 500). */
    @WithDefault("25")
    int pageSize();

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
