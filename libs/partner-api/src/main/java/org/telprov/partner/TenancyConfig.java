package org.telprov.partner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a partner's access token names its tenant. */
@ConfigMapping(prefix = "telprov.tenancy")
public interface TenancyConfig {

    /** The access-token claim that names the partner's tenant. */
    @WithDefault("tenant_id")
    String tenantClaim();
}
