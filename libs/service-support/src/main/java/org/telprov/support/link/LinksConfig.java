package org.telprov.support.link;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The signed download links of devices ({@link SignedLinks}), one setting for the service that signs them
 * (provisioning) and the one that serves them (firmware).
 */
@ConfigMapping(prefix = "telprov.links")
public interface LinksConfig {

    /**
     * The HMAC secret the signing and the serving service share; at least {@link SignedLinks#MIN_SECRET_BYTES} bytes.
     * Both services require it in production ({@code telprov.production.required}); elsewhere provisioning without it
     * renders no firmware into device files.
     */
    Optional<String> secret();

    /** Validity of a link firmware's API signs when the request does not say. */
    @WithDefault("P1D")
    Duration defaultValidity();

    /** Longest validity firmware's API signs. */
    @WithDefault("P30D")
    Duration maxValidity();
}
