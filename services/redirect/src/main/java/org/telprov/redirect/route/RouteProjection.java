package org.telprov.redirect.route;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.inbox.ProcessedEvents;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Builds the routing read model from inventory's tenant and device events: in the service's own tables (one
 * transaction per event, with the processed-event record) and then in the {@link RouteTable}.
 */
@ApplicationScoped
public class RouteProjection {

    static final String CONSUMER = "redirect.routes";

    private final ProcessedEvents processed;
    private final RouteTable table;
    private final MeterRegistry registry;

    public RouteProjection(ProcessedEvents processed, RouteTable table, MeterRegistry registry) {
        this.processed = processed;
        this.table = table;
        this.registry = registry;
    }

    /** Loads the tables into memory before the service reports ready. */
    void load(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(() -> {
            TenantRoute.<TenantRoute>streamAll().forEach(t -> table.putTenant(t.tenantId, tenantEntry(t)));
            DeviceRoute.<DeviceRoute>streamAll().forEach(d -> table.putDevice(d.mac, deviceEntry(d)));
        });
        table.markLoaded();
        Log.infof("Routing table loaded: %d devices", table.deviceCount());
    }

    /**
     * Applies one event. Redeliveries and snapshots older than the stored one change nothing.
     *
     * @throws MalformedEventException for event types this projection does not know; the caller dead-letters it
     */
    public void apply(EventEnvelope event) {
        String outcome = switch (event.type()) {
            case EventTypes.TENANT_CREATED, EventTypes.TENANT_UPDATED ->
                    applyTenant(event, EventCodec.payload(event, TenantSnapshot.class));
            case EventTypes.DEVICE_REGISTERED, EventTypes.DEVICE_UPDATED, EventTypes.DEVICE_RELEASED ->
                    applyDevice(event, EventCodec.payload(event, DeviceSnapshot.class));
            default -> throw new MalformedEventException("unknown event type " + event.type(), null);
        };
        registry.counter("telprov.redirect.events", "type", event.type(), "outcome", outcome).increment();
    }

    private String applyTenant(EventEnvelope event, TenantSnapshot snapshot) {
        return applyIfNewer(event, snapshot.version(), () -> TenantRoute.<TenantRoute>findById(snapshot.id()),
                route -> route.version,
                stored -> {
                    TenantRoute route = stored != null ? stored : new TenantRoute();
                    route.tenantId = snapshot.id();
                    route.urlTemplate = snapshot.provisioningUrlTemplate();
                    route.active = "active".equals(snapshot.status());
                    route.version = snapshot.version();
                    return route;
                },
                route -> table.putTenant(route.tenantId, tenantEntry(route)));
    }

    private String applyDevice(EventEnvelope event, DeviceSnapshot snapshot) {
        long mac = macOf(snapshot);
        boolean released = EventTypes.DEVICE_RELEASED.equals(event.type());
        return applyIfNewer(event, snapshot.version(), () -> DeviceRoute.<DeviceRoute>findById(mac),
                route -> route.version,
                stored -> {
                    DeviceRoute route = stored != null ? stored : new DeviceRoute();
                    route.mac = mac;
                    route.tenantId = snapshot.tenantId();
                    route.vendor = snapshot.vendor();
                    route.model = snapshot.model();
                    route.serial = snapshot.serial();
                    route.released = released;
                    route.version = snapshot.version();
                    return route;
                },
                route -> table.putDevice(route.mac, deviceEntry(route)));
    }

    /**
     * In one transaction: records the event as processed and, when its snapshot is newer than the stored row, writes
     * it; after the commit, puts the row in memory.
     *
     * @param write fills in the stored row, or a new one when there is none (null), and returns it
     * @return the outcome for metrics: {@code applied}, {@code stale} or {@code duplicate}
     */
    private <R extends PanacheEntityBase> String applyIfNewer(EventEnvelope event, long version, Supplier<R> stored,
                                                              ToLongFunction<R> storedVersion, UnaryOperator<R> write,
                                                              Consumer<R> toMemory) {
        Optional<R> changed = QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return null;
            }
            R row = stored.get();
            if (row != null && storedVersion.applyAsLong(row) >= version) {
                return Optional.<R>empty();
            }
            R written = write.apply(row);
            written.persist();
            return Optional.of(written);
        });
        if (changed == null) {
            return "duplicate";
        }
        changed.ifPresent(toMemory);
        return changed.isPresent() ? "applied" : "stale";
    }

    private static long macOf(DeviceSnapshot snapshot) {
        try {
            return MacAddress.parse(snapshot.mac()).value();
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("device event with invalid MAC", e);
        }
    }

    private static RouteTable.Tenant tenantEntry(TenantRoute route) {
        return new RouteTable.Tenant(route.active ? route.urlTemplate : null, route.version);
    }

    private static RouteTable.Device deviceEntry(DeviceRoute route) {
        return new RouteTable.Device(route.released ? null : route.tenantId, route.vendor, route.model, route.serial,
                route.version);
    }
}
