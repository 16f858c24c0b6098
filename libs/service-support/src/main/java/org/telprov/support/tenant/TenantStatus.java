package org.telprov.support.tenant;

import org.telprov.events.TenantSnapshot;

/** Whether a tenant may use the platform: only an active one may, and a tenant never heard of is not active. */
public enum TenantStatus {
    ACTIVE, SUSPENDED, UNKNOWN;

    /** The status a tenant snapshot names; anything but {@code active} keeps the tenant out. */
    public static TenantStatus of(String status) {
        return TenantSnapshot.ACTIVE.equals(status) ? ACTIVE : SUSPENDED;
    }

    public boolean active() {
        return this == ACTIVE;
    }
}
