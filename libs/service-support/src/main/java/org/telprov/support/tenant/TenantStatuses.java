package org.telprov.support.tenant;

/**
 * Where a service learns whether a tenant is active: inventory from its own tenant table, every other service from the
 * tenant events ({@link TenantStatusTable}). Partner tokens and device paths of a tenant that is not active are refused.
 */
public interface TenantStatuses {

    /** Never {@code null}; {@link TenantStatus#UNKNOWN} for a tenant this service has not heard of. */
    TenantStatus status(String tenantId);

    /** Whether lookups may touch the database, so that callers on an event loop hand them to a worker. */
    default boolean blocking() {
        return false;
    }
}
