package org.telprov.redirect.destination;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.inbox.ArrayUpsert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
    private final DestinationTable table;
    private final MeterRegistry registry;

    public DestinationProjection(EntityManager entityManager, DestinationTable table, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.table = table;
        this.registry = registry;
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
        DeviceSnapshot snapshot = DeviceSnapshot.from(event);
        if (snapshot.tenantId() == null || snapshot.vendor() == null || snapshot.model() == null) {
            throw new MalformedEventException("device event " + event.id() + " without tenant, vendor or model", null);
        }
        return new DeviceChange(event, macOf(snapshot), snapshot, DeviceSnapshot.RELEASED.is(event));
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
        return new TenantChange(event, snapshot, "active".equals(snapshot.status()));
    }

    /**
     * Applies device events, in the order given, in one transaction, then puts them in memory. Redeliveries and
     * snapshots older than the stored one change nothing; of several snapshots of one device, the newest wins.
     */
    public void applyDevices(List<DeviceChange> changes) {
        apply(changes, DeviceChange::event, DeviceChange::mac, c -> c.snapshot().version(), table::deviceVersion,
                this::upsertDevices, change -> {
                    DeviceSnapshot snapshot = change.snapshot();
                    table.putDevice(change.mac(), new DestinationTable.Device(change.released() ? null : snapshot.tenantId(),
                            snapshot.vendor(), snapshot.model(), snapshot.serial(), snapshot.version()));
                });
    }

    /** Applies tenant events like {@link #applyDevices(List)}. */
    public void applyTenants(List<TenantChange> changes) {
        apply(changes, TenantChange::event, c -> c.snapshot().id(), c -> c.snapshot().version(), table::tenantVersion,
                this::upsertTenants, change -> table.putTenant(change.snapshot().id(), new DestinationTable.Tenant(
                        change.active() ? change.snapshot().provisioningUrlTemplate() : null,
                        change.snapshot().requiresClientCertificate(), change.snapshot().version())));
    }

    private <C, K extends Comparable<K>> void apply(List<C> changes, Function<C, EventEnvelope> event,
                                                   Function<C, K> key, ToLongFunction<C> version,
                                                   ToLongFunction<K> held, Function<Collection<C>, Set<K>> upsert,
                                                   Consumer<C> remember) {
        // The memory was loaded from the tables and only ever holds committed state, so a version it already holds is
        // in the tables too: replaying the compacted topic at start-up costs no database work for such changes.
        String[] outcomes = new String[changes.size()];
        List<C> unknown = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            long heldVersion = held.applyAsLong(key.apply(changes.get(i)));
            long changeVersion = version.applyAsLong(changes.get(i));
            if (heldVersion >= changeVersion) {
                outcomes[i] = heldVersion == changeVersion ? "duplicate" : "stale";
            } else {
                unknown.add(changes.get(i));
            }
        }
        if (!unknown.isEmpty()) {
            Map<C, String> written = QuarkusTransaction.requiringNew()
                    .call(() -> write(unknown, event, key, version, upsert));
            for (int i = 0; i < changes.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = written.get(changes.get(i));
                }
            }
            // Only now that they are committed; also those another replica wrote first, which this replica's memory
            // needs all the same. The table keeps what it holds over an older version.
            newest(unknown, key, version).values().forEach(remember);
        }
        for (int i = 0; i < changes.size(); i++) {
            registry.counter("telprov.redirect.events", "type", event.apply(changes.get(i)).type(),
                    "outcome", outcomes[i]).increment();
        }
    }

    /**
     * In the caller's transaction: upserts, per key, the newest of the changes over an older stored version. No
     * processed-event record: a snapshot is applied only over an older version, so a redelivery (also one another
     * replica applied first) writes nothing, which is what makes this projection idempotent.
     *
     * @param upsert writes the rows (keys in ascending order) and returns the keys it wrote
     * @return each change's outcome for metrics: {@code applied}, {@code duplicate} (the same event twice in the batch)
     * or {@code stale} (not newer than what is stored, or than another change of the same key)
     */
    private <C, K extends Comparable<K>> Map<C, String> write(List<C> changes, Function<C, EventEnvelope> event,
                                                             Function<C, K> key, ToLongFunction<C> version,
                                                             Function<Collection<C>, Set<K>> upsert) {
        Map<K, C> newest = newest(changes, key, version);
        Set<K> written = upsert.apply(newest.values());
        Map<C, String> outcomes = new IdentityHashMap<>();
        for (C change : changes) {
            C chosen = newest.get(key.apply(change));
            if (chosen == change) {
                outcomes.put(change, written.contains(key.apply(change)) ? "applied" : "stale");
            } else {
                outcomes.put(change, event.apply(chosen).id().equals(event.apply(change).id()) ? "duplicate" : "stale");
            }
        }
        return outcomes;
    }

    /** Per key, the change with the highest version (the first of equal ones), in ascending key order. */
    private static <C, K extends Comparable<K>> Map<K, C> newest(List<C> changes, Function<C, K> key,
                                                                ToLongFunction<C> version) {
        Map<K, C> newest = new TreeMap<>();
        for (C change : changes) {
            newest.merge(key.apply(change), change,
                    (held, next) -> version.applyAsLong(next) > version.applyAsLong(held) ? next : held);
        }
        return newest;
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

    private static long macOf(DeviceSnapshot snapshot) {
        try {
            return MacAddress.parse(snapshot.mac()).value();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("device event with invalid MAC", e);
        }
    }
}
