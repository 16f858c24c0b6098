package org.telprov.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Settings of the inventory service. */
@ConfigMapping(prefix = "telprov.inventory")
public interface InventoryConfig {

    /** How many check-ins are kept per device, newest first. */
    @WithDefault("50")
    int checkinHistory();

    /** The DHCP option values and snippets for operators (docs/partner-api.md#dhcp-options). */
    Dhcp dhcp();

    /** How much of a tenant's fleet summary is listed; the rest is counted, so its answer stays small. */
    Fleet fleet();

    interface Fleet {

        /** Firmware versions (per model) listed, the most common first. */
        @WithDefault("20")
        int versions();

        /** Profiles listed with their release adoption, by name. */
        @WithDefault("20")
        int profiles();

        /** Releases (UVCs) listed per profile, the most fetched first. */
        @WithDefault("8")
        int releasesPerProfile();
    }

    interface Dhcp {

        /**
         * The TFTP server named in option 66 for phones that boot over TFTP (Plug-n-Dial): the address devices reach
         * the provisioning service's TFTP port 69 at. Default: the host of the tenant's provisioning URL template.
         */
        Optional<String> tftpServer();
    }
}
