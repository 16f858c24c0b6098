package org.telprov.provisioning.tenant;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.inbox.ProcessedEvents;

import java.time.ZoneId;

/**
 * Keeps each tenant's time zone from inventory's tenant events in {@code tenant_zone} ({@link TenantZones} reads it).
 * Idempotent and version-checked like the firmware projection: an event applied once is skipped, a snapshot older
 * than the stored one writes nothing. An event of another type, without a tenant id or naming a zone {@link ZoneId}
 * does not know throws, and is dead-lettered.
 */
@ApplicationScoped
public class TenantZoneProjection {

    static final String CONSUMER = "provisioning.tenant-zones";

    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final MeterRegistry registry;

    public TenantZoneProjection(ProcessedEvents processed, EntityManager entityManager, MeterRegistry registry) {
        this.processed = processed;
        this.entityManager = entityManager;
        this.registry = registry;
    }

    /** Applies one tenant event; answers {@code applied}, {@code stale} or {@code duplicate}. */
    public String apply(EventEnvelope event) {
        TenantSnapshot snapshot = TenantSnapshot.from(event);
        if (snapshot.id() == null) {
            throw new MalformedEventException("tenant event " + event.id() + " without a tenant id", null);
        }
        if (!ZoneId.getAvailableZoneIds().contains(snapshot.timeZone())) {
            throw new MalformedEventException("tenant event " + event.id() + " names the unknown time zone "
                    + snapshot.timeZone(), null);
        }
        String outcome = QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return "duplicate";
            }
            int written = entityManager.createNativeQuery("""
                            insert into tenant_zone (tenant_id, time_zone, version) values (?1, ?2, ?3)
                            on conflict (tenant_id) do update
                              set time_zone = excluded.time_zone, version = excluded.version
                              where tenant_zone.version < excluded.version""")
                    .setParameter(1, snapshot.id())
                    .setParameter(2, snapshot.timeZone())
                    .setParameter(3, snapshot.version())
                    .executeUpdate();
            return written == 1 ? "applied" : "stale";
        });
        registry.counter("telprov.provisioning.tenant.events", "type", event.type(), "outcome", outcome).increment();
        return outcome;
    }
}
