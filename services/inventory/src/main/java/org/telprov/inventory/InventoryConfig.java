package org.telprov.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inventory service. */
@ConfigMapping(prefix = "telprov.inventory")
public interface InventoryConfig {

    /** The access-token claim that names the partner's tenant. */
    @WithDefault("tenant_id")
    String tenantClaim();
}
