package org.telprov.redirect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the redirect service. */
@ConfigMapping(prefix = "telprov.redirect")
public interface RedirectConfig {

    /** The status a known device is answered with; some fleets want 307 or 301 instead of 302. */
    @WithDefault("302")
    int redirectStatus();
}
