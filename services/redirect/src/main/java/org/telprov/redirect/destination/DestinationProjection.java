package org.telprov.redirect.destination;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.inbox.SnapshotWriter;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Applies inventory's tenant and device events to the routing read model: the service's own tables (one transaction
 * per polled batch) and this replica's {@link DestinationTable}, once the transaction has committed. What the tables
 * hold reaches memory at start-up through {@link DestinationTableLoader}.
 *
 * <p>Every replica reads every event (each has its own consumer group) but the tables are shared, so the writes are
 * idempotent across replicas: rows are upserted only when the snapshot's version is higher than the stored one, so a
 * redelivery, or an event another replica applied first, writes nothing. A replica that finds the event already
 * written by another still puts the snapshot in its own memory.
 */
@ApplicationScoped
public class DestinationProjection {

    private final EntityManager entityManager;
    private final SnapshotWriter<DeviceChange, Long> devices;
    private final SnapshotWriter<TenantChange, String> tenants;

    public DestinationProjection(EntityManager entityManager, DestinationTable table, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.devices = new SnapshotWriter<>(new SnapshotWriter.Model<>(DeviceChange::event, DeviceChange::mac,
                c -> c.snapshot().version(), table::deviceVersion, this::upsertDevices,
                change -> table.putDevice(change.mac(), new DestinationTable.Device(
                        change.released() ? null : change.snapshot().tenantId(), change.snapshot().vendor(),
                        change.snapshot().model(), change.snapshot().serial(), change.snapshot().version())),
                (change, outcome) -> count(registry, change.event(), outcome)));
        this.tenants = new SnapshotWriter<>(new SnapshotWriter.Model<>(TenantChange::event, c -> c.snapshot().id(),
                c -> c.snapshot().version(), table::tenantVersion, this::upsertTenants,
                change -> table.putTenant(change.snapshot().id(), new DestinationTable.Tenant(
                        change.active() ? change.snapshot().provisioningUrlTemplate() : null,
                        change.snapshot().requiresClientCertificate(), change.snapshot().version())),
                (change, outcome) -> count(registry, change.event(), outcome)));
    }

    /** A device event, read and checked. */
    public record DeviceChange(EventEnvelope event, long mac, DeviceSnapshot snapshot, boolean released) {
    }

    /** A tenant event, read and checked. */
    public record TenantChange(EventEnvelope event, TenantSnapshot snapshot, boolean active) {
    }

    /**
     * Reads a device event.
     *
     * @throws MalformedEventException for other event types, payloads that do not fit and invalid MACs
     */
    public DeviceChange readDevice(EventEnvelope event) {
        DeviceSnapshot snapshot = DeviceSnapshot.complete(event);
        return new DeviceChange(event, MacAddress.parse(snapshot.mac()).value(), snapshot,
                DeviceSnapshot.RELEASED.is(event));
    }

    /**
     * Reads a tenant event.
     *
     * @throws MalformedEventException for other event types and payloads that do not fit
     */
    public TenantChange readTenant(EventEnvelope event) {
        TenantSnapshot snapshot = TenantSnapshot.from(event);
        if (snapshot.id() == null || snapshot.provisioningUrlTemplate() == null) {
            throw new MalformedEventException("tenant event " + event.id() + " without id or URL template", null);
        }
        return new TenantChange(event, snapshot, TenantSnapshot.ACTIVE.equals(snapshot.status()));
    }

    /**
     * Applies device events, in the order given, in one transaction, then puts them in memory. Redeliveries and
     * snapshots older than the stored one change nothing; of several snapshots of one device, the newest wins.
     */
    public void applyDevices(List<DeviceChange> changes) {
        devices.apply(changes);
    }

    /** Applies tenant events like {@link #applyDevices(List)}. */
    public void applyTenants(List<TenantChange> changes) {
        tenants.apply(changes);
    }

    private static void count(MeterRegistry registry, EventEnvelope event, SnapshotWriter.Outcome outcome) {
        registry.counter("telprov.redirect.events", "type", event.type(), "outcome", outcome.tag()).increment();
    }

    /** One statement for all rows, each written only over an older version; returns the MACs written. */
    private Set<Long> upsertDevices(Collection<DeviceChange> rows) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(connection, """
                insert into device_route (mac, tenant_id, vendor, model, serial, released, version)
                select * from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::boolean[], ?::bigint[])
                on conflict (mac) do update
                  set tenant_id = excluded.tenant_id, vendor = excluded.vendor, model = excluded.model,
                      serial = excluded.serial, released = excluded.released, version = excluded.version
                  where device_route.version < excluded.version
                returning mac""", rows, List.of(
                new ArrayUpsert.Column<>("bigint", DeviceChange::mac),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().tenantId()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().vendor()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().model()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().serial()),
                new ArrayUpsert.Column<>("boolean", DeviceChange::released),
                new ArrayUpsert.Column<>("bigint", c -> c.snapshot().version())), Long.class));
    }

    /** One statement for all rows, each written only over an older version; returns the tenant ids written. */
    private Set<String> upsertTenants(Collection<TenantChange> rows) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(connection, """
                insert into tenant_route (tenant_id, url_template, active, version, client_certificate)
                select * from unnest(?::varchar[], ?::varchar[], ?::boolean[], ?::bigint[], ?::boolean[])
                on conflict (tenant_id) do update
                  set url_template = excluded.url_template, active = excluded.active, version = excluded.version,
                      client_certificate = excluded.client_certificate
                  where tenant_route.version < excluded.version
                returning tenant_id""", rows, List.of(
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().id()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().provisioningUrlTemplate()),
                new ArrayUpsert.Column<>("boolean", TenantChange::active),
                new ArrayUpsert.Column<>("bigint", c -> c.snapshot().version()),
                new ArrayUpsert.Column<>("boolean", c -> c.snapshot().requiresClientCertificate())), String.class));
    }
}
