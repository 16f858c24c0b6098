package org.telprov.provisioning.render;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The HMAC secret of device download links, shared with the firmware service ({@code telprov.links.secret}). Without
 * it, releases that name a firmware artifact render no firmware category.
 */
@ConfigMapping(prefix = "telprov.links")
public interface LinkSecretConfig {

    Optional<String> secret();
}
