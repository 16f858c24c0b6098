package org.telprov.provisioning.device;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.support.inbox.ArrayUpsert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the device read model from inventory's device events: in the {@code device} table (one transaction per polled
 * batch) and in this replica's {@link DeviceTable}, once the transaction has committed. Redeliveries and snapshots older
 * than the stored one change nothing; of several snapshots of one device in a batch, the newest wins. Unknown types and
 * payloads that do not fit are refused when read, and the listener dead-letters them.
 *
 * <p>Every replica reads every event (each has its own consumer group) but the table is shared, so the writes are
 * idempotent across replicas: rows are upserted only over an older version, so a redelivery, or an event another
 * replica applied first, writes nothing. A replica that finds the event already written by another still puts the
 * snapshot in its own memory; a version the memory already holds (a replay of the compacted topic at start-up) costs
 * no database work.
 */
@ApplicationScoped
public class DeviceProjection {

    private final EntityManager entityManager;
    private final MeterRegistry registry;
    private final AgroalDataSource dataSource;
    private final DeviceTable table;

    public DeviceProjection(EntityManager entityManager, MeterRegistry registry,
                            AgroalDataSource dataSource, DeviceTable table) {
        this.entityManager = entityManager;
        this.registry = registry;
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * Loads the table into memory before the service reports ready (and before the device events are consumed, which
     * start later). Plain JDBC with a cursor, not entities: a million managed entities would not fit in the heap the
     * whole table needs a fraction of.
     */
    void load(@Observes @Priority(20) StartupEvent event) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement count = connection.prepareStatement("select count(*) from device");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                table.reserve((int) rows.getLong(1));
            }
            try (PreparedStatement devices = connection.prepareStatement(
                    "select mac, tenant_id, vendor, model, serial, profile, labels, released, version from device")) {
                devices.setFetchSize(10_000);
                try (ResultSet rows = devices.executeQuery()) {
                    while (rows.next()) {
                        table.put(Long.parseLong(rows.getString(1), 16), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getBoolean(8), rows.getLong(9));
                    }
                }
            }
            connection.commit();
        }
        table.markLoaded();
        Log.infof("Device table loaded: %d devices in %d ms", table.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** A device event, read and checked. */
    public record DeviceChange(EventEnvelope event, String mac, DeviceSnapshot snapshot, boolean released,
                               String labels) {
    }

    /**
     * Reads a device event.
     *
     * @throws MalformedEventException for event types this projection does not know or payloads that do not fit
     */
    public DeviceChange read(EventEnvelope event) {
        DeviceSnapshot snapshot = DeviceSnapshot.from(event);
        String mac = macOf(snapshot);
        if (snapshot.tenantId() == null || snapshot.vendor() == null || snapshot.model() == null) {
            throw new MalformedEventException("device event " + event.id() + " without tenant, vendor or model", null);
        }
        String labels = snapshot.labels() == null ? "" : String.join(",", snapshot.labels());
        return new DeviceChange(event, mac, snapshot, DeviceSnapshot.RELEASED.is(event), labels);
    }

    /**
     * Applies the events, in the order given, in one transaction, then puts the newest of each device in memory. A
     * version the memory already holds is in the table too (the memory only ever holds committed state), so it is
     * not written again.
     */
    public void apply(List<DeviceChange> changes) {
        String[] outcomes = new String[changes.size()];
        List<DeviceChange> unknown = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            DeviceChange change = changes.get(i);
            long held = table.version(Long.parseLong(change.mac(), 16));
            if (held >= change.snapshot().version()) {
                outcomes[i] = held == change.snapshot().version() ? "duplicate" : "stale";
            } else {
                unknown.add(change);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> written = QuarkusTransaction.requiringNew().call(() -> write(unknown));
            for (int i = 0, u = 0; i < changes.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = written.get(u++);
                }
            }
            // Only now that they are committed; also those another replica wrote first, which this replica's memory
            // needs all the same. The table keeps what it holds over an older version.
            for (DeviceChange change : newest(unknown).values()) {
                DeviceSnapshot snapshot = change.snapshot();
                table.put(Long.parseLong(change.mac(), 16), snapshot.tenantId(), snapshot.vendor(), snapshot.model(),
                        snapshot.serial(), snapshot.profile(), change.labels(), change.released(), snapshot.version());
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            registry.counter("telprov.provisioning.device.events", "type", changes.get(i).event().type(),
                    "outcome", outcomes[i]).increment();
        }
    }

    /** Per device, the change with the highest version (the first of equal ones). */
    private static Map<String, DeviceChange> newest(List<DeviceChange> changes) {
        Map<String, DeviceChange> newest = new TreeMap<>();
        for (DeviceChange change : changes) {
            newest.merge(change.mac(), change,
                    (held, next) -> next.snapshot().version() > held.snapshot().version() ? next : held);
        }
        return newest;
    }

    /**
     * Each change's outcome, in order: {@code applied}, {@code duplicate} (the same event twice in the batch) or
     * {@code stale} (not newer than the stored row, or than another change of the device). No processed-event record:
     * a row is written only over an older version, so a redelivery writes nothing.
     */
    private List<String> write(List<DeviceChange> changes) {
        // Sorted by MAC, so that concurrent writers lock the rows in the same order.
        Map<String, DeviceChange> newest = newest(changes);
        Set<String> written = upsert(newest.values());
        List<String> outcomes = new ArrayList<>(changes.size());
        for (DeviceChange change : changes) {
            DeviceChange chosen = newest.get(change.mac());
            if (chosen == change) {
                outcomes.add(written.contains(change.mac()) ? "applied" : "stale");
            } else {
                outcomes.add(chosen.event().id().equals(change.event().id()) ? "duplicate" : "stale");
            }
        }
        return outcomes;
    }

    /** One statement for all rows, each written only over an older version; returns the MACs written. */
    private Set<String> upsert(Collection<DeviceChange> rows) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(connection, """
                insert into device (mac, tenant_id, vendor, model, serial, profile, labels, released, version)
                select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::varchar[], ?::boolean[], ?::bigint[])
                on conflict (mac) do update
                  set tenant_id = excluded.tenant_id, vendor = excluded.vendor, model = excluded.model,
                      serial = excluded.serial, profile = excluded.profile, labels = excluded.labels,
                      released = excluded.released, version = excluded.version
                  where device.version < excluded.version
                returning mac""", rows, List.of(
                new ArrayUpsert.Column<>("varchar", DeviceChange::mac),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().tenantId()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().vendor()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().model()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().serial()),
                new ArrayUpsert.Column<>("varchar", c -> c.snapshot().profile()),
                new ArrayUpsert.Column<>("varchar", DeviceChange::labels),
                new ArrayUpsert.Column<>("boolean", DeviceChange::released),
                new ArrayUpsert.Column<>("bigint", c -> c.snapshot().version())), String.class));
    }

    private static String macOf(DeviceSnapshot snapshot) {
        try {
            return MacAddress.parse(snapshot.mac()).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("device event with invalid MAC", e);
        }
    }
}
