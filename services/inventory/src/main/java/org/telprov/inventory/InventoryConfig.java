package org.telprov.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inventory service. */
@ConfigMapping(prefix = "telprov.inventory")
public interface InventoryConfig {

    /** How many check-ins are kept per device, newest first. */
    @WithDefault("50")
    int checkinHistory();
}
