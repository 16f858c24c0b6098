package org.telprov.provisioning.device;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.provisioning.profile.ReleaseSwitches;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.inbox.SnapshotWriter;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies inventory's device events to the device read model: the {@code device} table (one transaction per polled
 * batch) and this replica's {@link DeviceTable}, once the transaction has committed ({@link DeviceTableLoader} fills
 * the memory from the table at start-up). Redeliveries and snapshots older
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
    private final DeviceTable table;
    private final ReleaseSwitches switches;
    private final LastSeen lastSeen;

    public DeviceProjection(EntityManager entityManager, MeterRegistry registry, DeviceTable table,
                            ReleaseSwitches switches, LastSeen lastSeen) {
        this.entityManager = entityManager;
        this.registry = registry;
        this.table = table;
        this.switches = switches;
        this.lastSeen = lastSeen;
    }

    /** Where a device stands, as far as which release it gets and which label groups apply to it. */
    private record Placement(String tenantId, String profile, String labels, boolean released) {

        static Placement of(DeviceChange change) {
            return new Placement(change.snapshot().tenantId(), change.snapshot().profile(), change.labels(),
                    change.released());
        }
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
        DeviceSnapshot snapshot = DeviceSnapshot.complete(event);
        String labels = snapshot.labels() == null ? "" : String.join(",", snapshot.labels());
        return new DeviceChange(event, MacAddress.parse(snapshot.mac()).toString(), snapshot,
                DeviceSnapshot.RELEASED.is(event), labels);
    }

    /**
     * Applies the events, in the order given, in one transaction, then puts the newest of each device in memory. A
     * version the memory already holds is in the table too (the memory only ever holds committed state), so it is
     * not written again.
     */
    public void apply(List<DeviceChange> changes) {
        Map<String, Set<Placement>> before = placementsBefore(changes);
        new SnapshotWriter<>(new SnapshotWriter.Model<>(DeviceChange::event, DeviceChange::mac,
                c -> c.snapshot().version(), mac -> table.version(Long.parseLong(mac, 16)),
                rows -> upsert(rows, before),
                change -> {
                    table.put(Long.parseLong(change.mac(), 16), change.snapshot().tenantId(),
                            change.snapshot().vendor(), change.snapshot().model(), change.snapshot().serial(),
                            change.snapshot().profile(), change.labels(), change.released(),
                            change.snapshot().version());
                    lastSeen.claimed(change.mac(), change.snapshot().tenantId(), change.released());
                },
                (change, outcome) -> registry.counter("telprov.provisioning.device.events",
                        "type", change.event().type(), "outcome", outcome.tag()).increment())).apply(changes);
    }

    /**
     * Per device, every placement the table may hold before this batch is written: the one this replica's memory
     * holds (the state before the batch, as this replica applies every event of a device in order) and those of the
     * batch's events, in case another replica wrote one of them first. Read from memory: no query.
     */
    private Map<String, Set<Placement>> placementsBefore(List<DeviceChange> changes) {
        Map<String, Set<Placement>> before = new HashMap<>();
        for (DeviceChange change : changes) {
            Set<Placement> placements = before.computeIfAbsent(change.mac(), mac -> {
                Set<Placement> held = new HashSet<>();
                table.find(Long.parseLong(mac, 16)).ifPresent(entry -> held.add(new Placement(entry.tenantId(),
                        entry.profile(), String.join(",", entry.labels()), entry.released())));
                return held;
            });
            placements.add(Placement.of(change));
        }
        return before;
    }

    /**
     * One statement for all rows, each written only over an older version; returns the MACs written. The written rows
     * that may have moved (another tenant, profile or labels than a placement the table may have held, or back from
     * released) have their settings layer stamped in the same transaction ({@link ReleaseSwitches#moved}), so the
     * device's version moves with the release it may now get: two statements more (the tenants' stamp locks, the
     * stamps) only for a batch that moves devices, and only by the replica that writes the change. The written
     * releases delete their devices' last-seen rows ({@link LastSeen#released}): one statement more for a batch that
     * releases devices.
     */
    private Set<String> upsert(Collection<DeviceChange> rows, Map<String, Set<Placement>> before) {
        Set<String> written = entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(
                connection, """
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
        Map<String, String> moved = new HashMap<>();
        for (DeviceChange row : rows) {
            Placement now = Placement.of(row);
            if (!now.released() && written.contains(row.mac())
                    && before.get(row.mac()).stream().anyMatch(placement -> !placement.equals(now))) {
                moved.put(row.mac(), now.tenantId());
            }
        }
        switches.moved(moved);
        lastSeen.released(rows.stream().filter(row -> row.released() && written.contains(row.mac()))
                .map(DeviceChange::mac).toList());
        return written;
    }
}
