package org.telprov.events;

/**
 * Payload of {@code tenant.created} and {@code tenant.updated} (schema version 1): the tenant's whole routing state,
 * so the latest event per tenant on the compacted topic is enough to rebuild it.
 *
 * @param provisioningUrlTemplate where the tenant's phones are sent, with markers such as {@code {mac}}
 * @param status                  {@code active} or {@code suspended}
 * @param version                 increases with every change; consumers ignore a snapshot older than the one they hold
 * @param redirectAuth            how the redirect service authenticates the tenant's phones: {@code none} or
 *                                {@code client-certificate}; added later in schema version 1, so a missing value
 *                                (an older event) means {@code none}
 * @param timeZone                the tenant's IANA time zone ({@code Europe/Berlin}), in which its maintenance windows
 *                                are read; added later in schema version 1, so a missing value (an older event) reads
 *                                as {@code UTC}
 */
public record TenantSnapshot(String id, String name, String provisioningUrlTemplate, String status, long version,
                             String redirectAuth, String timeZone) {

    public static final int SCHEMA_VERSION = 1;

    /** Aggregate type of tenant events; the aggregate id (and Kafka key) is the tenant id. */
    public static final String AGGREGATE = "tenant";

    public static final EventKind<TenantSnapshot> CREATED = kind("tenant.created");
    public static final EventKind<TenantSnapshot> UPDATED = kind("tenant.updated");

    /** The status of a tenant that may use the platform; any other (inventory writes {@code suspended}) may not. */
    public static final String ACTIVE = "active";

    /** The redirect service answers any phone that knows a registered MAC. */
    public static final String REDIRECT_AUTH_NONE = "none";
    /** The redirect service answers only a phone whose TLS client certificate names the MAC it asks for. */
    public static final String REDIRECT_AUTH_CLIENT_CERTIFICATE = "client-certificate";

    /** The zone of a tenant that never chose one, and of every tenant in an event older than the field. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public TenantSnapshot {
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    }

    /** A tenant in the default zone, {@code UTC}. */
    public TenantSnapshot(String id, String name, String provisioningUrlTemplate, String status, long version,
                          String redirectAuth) {
        this(id, name, provisioningUrlTemplate, status, version, redirectAuth, DEFAULT_TIME_ZONE);
    }

    /**
     * The snapshot an event of either kind carries.
     *
     * @throws MalformedEventException for an event of another type or a payload that is no snapshot
     */
    public static TenantSnapshot from(EventEnvelope envelope) {
        return EventKind.read(envelope, CREATED, UPDATED);
    }

    private static EventKind<TenantSnapshot> kind(String type) {
        return EventKind.of(type, TenantSnapshot.class, SCHEMA_VERSION, Topics.INVENTORY_TENANTS, AGGREGATE,
                TenantSnapshot::id, TenantSnapshot::id);
    }

    /** True when the redirect service must see a client certificate naming the device. */
    public boolean requiresClientCertificate() {
        return REDIRECT_AUTH_CLIENT_CERTIFICATE.equals(redirectAuth);
    }
}
