package org.telprov.inventory.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import org.telprov.support.tenant.TenantStatus;
import org.telprov.support.tenant.TenantStatuses;

/** Inventory owns the tenants: their status comes straight from its table, never from its own events. */
@ApplicationScoped
public class TenantTableStatuses implements TenantStatuses {

    // Called while a token is authenticated, on a worker thread outside the request's context.
    @Override
    @ActivateRequestContext
    @Transactional(Transactional.TxType.SUPPORTS)
    public TenantStatus status(String tenantId) {
        return Tenant.<Tenant>findByIdOptional(tenantId).map(tenant -> TenantStatus.of(tenant.status))
                .orElse(TenantStatus.UNKNOWN);
    }

    @Override
    public boolean blocking() {
        return true;
    }
}
