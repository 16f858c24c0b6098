package org.telprov.provisioning.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.provisioning.file.DeviceReleaseCache;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.inbox.ProcessedEvents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the device read model from inventory's device events, one transaction per polled batch with the batch's
 * processed-event records. Redeliveries and snapshots older than the stored one change nothing; of several snapshots
 * of one device in a batch, the newest wins. Unknown types and payloads that do not fit are refused when read, and the
 * listener dead-letters them.
 */
@ApplicationScoped
public class DeviceProjection {

    /** The processed-event consumer name, shared by all replicas because they share the table it guards. */
    static final String CONSUMER = "provisioning.devices";

    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final MeterRegistry registry;
    private final DeviceReleaseCache releases;

    public DeviceProjection(ProcessedEvents processed, EntityManager entityManager, MeterRegistry registry,
                            DeviceReleaseCache releases) {
        this.processed = processed;
        this.entityManager = entityManager;
        this.registry = registry;
        this.releases = releases;
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
        if (!EventTypes.DEVICE_REGISTERED.equals(event.type()) && !EventTypes.DEVICE_UPDATED.equals(event.type())
                && !EventTypes.DEVICE_RELEASED.equals(event.type())) {
            throw new MalformedEventException("unknown event type " + event.type(), null);
        }
        DeviceSnapshot snapshot = EventCodec.payload(event, DeviceSnapshot.class);
        String mac = macOf(snapshot);
        if (snapshot.tenantId() == null || snapshot.vendor() == null || snapshot.model() == null) {
            throw new MalformedEventException("device event " + event.id() + " without tenant, vendor or model", null);
        }
        String labels = snapshot.labels() == null ? "" : String.join(",", snapshot.labels());
        return new DeviceChange(event, mac, snapshot, EventTypes.DEVICE_RELEASED.equals(event.type()), labels);
    }

    /** Applies the events, in the order given, in one transaction. */
    public void apply(List<DeviceChange> changes) {
        List<String> outcomes = QuarkusTransaction.requiringNew().call(() -> write(changes));
        for (int i = 0; i < changes.size(); i++) {
            registry.counter("telprov.provisioning.device.events", "type", changes.get(i).event().type(),
                    "outcome", outcomes.get(i)).increment();
        }
    }

    /** Each change's outcome, in order: {@code applied}, {@code stale} or {@code duplicate}. */
    private List<String> write(List<DeviceChange> changes) {
        Set<UUID> fresh = processed.firstDeliveries(CONSUMER, changes.stream().map(c -> c.event().id()).toList());
        boolean[] first = new boolean[changes.size()];
        // Sorted by MAC, so that concurrent writers lock the rows in the same order.
        Map<String, DeviceChange> newest = new TreeMap<>();
        for (int i = 0; i < changes.size(); i++) {
            DeviceChange change = changes.get(i);
            // remove: the same event twice in one batch is a redelivery the second time
            first[i] = fresh.remove(change.event().id());
            if (first[i]) {
                newest.merge(change.mac(), change,
                        (held, next) -> next.snapshot().version() > held.snapshot().version() ? next : held);
            }
        }
        // profile, labels or release of a device may change which release it gets, and no other device's
        newest.keySet().forEach(releases::invalidateOnCommit);
        Set<String> written = newest.isEmpty() ? Set.of() : upsert(newest.values());
        List<String> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            DeviceChange change = changes.get(i);
            if (!first[i]) {
                outcomes.add("duplicate");
            } else {
                outcomes.add(newest.get(change.mac()) == change && written.contains(change.mac()) ? "applied" : "stale");
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
