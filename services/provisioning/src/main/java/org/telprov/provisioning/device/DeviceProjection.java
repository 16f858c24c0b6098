package org.telprov.provisioning.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.provisioning.file.DeviceReleaseCache;
import org.telprov.support.inbox.ProcessedEvents;

/**
 * Builds the device read model from inventory's device events, one transaction per event with its processed-event
 * record. Redeliveries and snapshots older than the stored one change nothing; unknown types and payloads that do not
 * fit throw, and the listener's failure strategy dead-letters them.
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

    /**
     * Applies one event.
     *
     * @throws MalformedEventException for event types this projection does not know or payloads that do not fit
     */
    public void apply(EventEnvelope event) {
        String outcome = switch (event.type()) {
            case EventTypes.DEVICE_REGISTERED, EventTypes.DEVICE_UPDATED, EventTypes.DEVICE_RELEASED ->
                    applyDevice(event, EventCodec.payload(event, DeviceSnapshot.class));
            default -> throw new MalformedEventException("unknown event type " + event.type(), null);
        };
        registry.counter("telprov.provisioning.device.events", "type", event.type(), "outcome", outcome).increment();
    }

    private String applyDevice(EventEnvelope event, DeviceSnapshot snapshot) {
        String mac = macOf(snapshot);
        if (snapshot.tenantId() == null || snapshot.vendor() == null || snapshot.model() == null) {
            throw new MalformedEventException("device event " + event.id() + " without tenant, vendor or model", null);
        }
        boolean released = EventTypes.DEVICE_RELEASED.equals(event.type());
        String labels = snapshot.labels() == null ? "" : String.join(",", snapshot.labels());
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return "duplicate";
            }
            // profile, labels or release of the device may change which release it gets, and no other device's
            releases.invalidateOnCommit(mac);
            int written = entityManager.createNativeQuery("""
                            insert into device (mac, tenant_id, vendor, model, serial, profile, labels, released, version)
                            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                            on conflict (mac) do update
                              set tenant_id = excluded.tenant_id, vendor = excluded.vendor, model = excluded.model,
                                  serial = excluded.serial, profile = excluded.profile, labels = excluded.labels,
                                  released = excluded.released, version = excluded.version
                              where device.version < excluded.version""")
                    .setParameter(1, mac)
                    .setParameter(2, snapshot.tenantId())
                    .setParameter(3, snapshot.vendor())
                    .setParameter(4, snapshot.model())
                    .setParameter(5, snapshot.serial())
                    .setParameter(6, snapshot.profile())
                    .setParameter(7, labels)
                    .setParameter(8, released)
                    .setParameter(9, snapshot.version())
                    .executeUpdate();
            return written == 1 ? "applied" : "stale";
        });
    }

    private static String macOf(DeviceSnapshot snapshot) {
        try {
            return MacAddress.parse(snapshot.mac()).toString();
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("device event with invalid MAC", e);
        }
    }
}
