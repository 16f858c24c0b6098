package org.telprov.firmware.download;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The signed download links devices present. */
@ConfigMapping(prefix = "telprov.links")
public interface LinksConfig {

    /**
     * The HMAC secret shared with the services that sign links (provisioning); at least 32 bytes. No default in
     * production: the service does not start without it.
     */
    String secret();

    /** Validity of a link signed through the API when the request does not say. */
    @WithDefault("P1D")
    Duration defaultValidity();

    /** Longest validity the API signs. */
    @WithDefault("P30D")
    Duration maxValidity();
}
