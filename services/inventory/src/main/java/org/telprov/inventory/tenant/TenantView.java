package org.telprov.inventory.tenant;

import java.time.Instant;

/** A tenant as the API shows it. */
public record TenantView(String id, String name, String provisioningUrlTemplate, String status, String redirectAuth,
                         String timeZone, Instant createdAt, Instant updatedAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.provisioningUrlTemplate, tenant.status,
                tenant.redirectAuth, tenant.timeZone, tenant.createdAt, tenant.updatedAt);
    }
}
