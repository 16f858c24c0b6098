package org.telprov.provisioning.render;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;

/** Where devices find their files, for the URLs files name: {@code <public base URL>/prov/<mac>}. */
@ApplicationScoped
public class DeviceUrls {

    /** The device path's prefix. */
    public static final String PATH = "/prov";

    private final String base;

    public DeviceUrls(ProvisioningConfig config) {
        this.base = config.publicBaseUrl() + PATH + "/";
    }

    public String base(String mac) {
        return base + mac;
    }
}
