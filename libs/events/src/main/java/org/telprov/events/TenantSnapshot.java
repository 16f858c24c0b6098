package org.telprov.events;

/**
 * Payload of {@code tenant.created} and {@code tenant.updated} (schema version 1): the tenant's whole routing state,
 * so the latest event per tenant on the compacted topic is enough to rebuild it.
 *
 * @param provisioningUrlTemplate where the tenant's phones are sent, with markers such as {@code {mac}}
 * @param status                  {@code active} or {@code suspended}
 * @param version                 increases with every change; consumers ignore a snapshot older than the one they hold
 */
public record TenantSnapshot(String id, String name, String provisioningUrlTemplate, String status, long version) {

    public static final int SCHEMA_VERSION = 1;
}
