package org.telprov.redirect.route;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.inbox.ProcessedEvents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the routing read model from inventory's tenant and device events: in the service's own tables (one
 * transaction per event, with the processed-event record) and in this replica's {@link RouteTable}.
 *
 * <p>Every replica reads every event (each has its own consumer group) but the tables are shared, so the writes are
 * idempotent across replicas: the processed-event key is the same for all of them, and rows are upserted only when
 * the snapshot's version is higher than the stored one. A replica that finds the event already written by another
 * still puts the snapshot in its own memory.
 */
@ApplicationScoped
public class RouteProjection {

    /** The processed-event consumer name, shared by all replicas because they share the tables it guards. */
    static final String CONSUMER = "redirect.routes";

    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final RouteTable table;
    private final MeterRegistry registry;

    public RouteProjection(ProcessedEvents processed, EntityManager entityManager, AgroalDataSource dataSource,
                           RouteTable table, MeterRegistry registry) {
        this.processed = processed;
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.table = table;
        this.registry = registry;
    }

    /**
     * Loads the tables into memory before the service reports ready. Plain JDBC with a cursor, not entities: a
     * million managed entities would not fit in the heap the whole table needs a fraction of.
     */
    void load(@Observes StartupEvent event) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement tenants = connection.prepareStatement(
                    "select tenant_id, url_template, active, version, client_certificate from tenant_route");
                 ResultSet rows = tenants.executeQuery()) {
                while (rows.next()) {
                    table.putTenant(rows.getString(1), new RouteTable.Tenant(
                            rows.getBoolean(3) ? rows.getString(2) : null, rows.getBoolean(5), rows.getLong(4)));
                }
            }
            try (PreparedStatement count = connection.prepareStatement("select count(*) from device_route");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                table.reserve((int) rows.getLong(1));
            }
            try (PreparedStatement devices = connection.prepareStatement(
                    "select mac, tenant_id, vendor, model, serial, released, version from device_route")) {
                devices.setFetchSize(10_000);
                try (ResultSet rows = devices.executeQuery()) {
                    while (rows.next()) {
                        table.putDevice(rows.getLong(1), new RouteTable.Device(
                                rows.getBoolean(6) ? null : rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), rows.getLong(7)));
                    }
                }
            }
            connection.commit();
        }
        table.markLoaded();
        Log.infof("Routing table loaded: %d devices in %d ms", table.deviceCount(),
                (System.nanoTime() - started) / 1_000_000);
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
        long held = table.tenantVersion(snapshot.id());
        if (held >= snapshot.version()) {
            return held == snapshot.version() ? "duplicate" : "stale";
        }
        boolean active = "active".equals(snapshot.status());
        String outcome = write(event.id(), () -> entityManager.createNativeQuery("""
                        insert into tenant_route (tenant_id, url_template, active, version, client_certificate)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (tenant_id) do update
                          set url_template = excluded.url_template, active = excluded.active, version = excluded.version,
                              client_certificate = excluded.client_certificate
                          where tenant_route.version < excluded.version""")
                .setParameter(1, snapshot.id())
                .setParameter(2, snapshot.provisioningUrlTemplate())
                .setParameter(3, active)
                .setParameter(4, snapshot.version())
                .setParameter(5, snapshot.requiresClientCertificate())
                .executeUpdate());
        table.putTenant(snapshot.id(), new RouteTable.Tenant(active ? snapshot.provisioningUrlTemplate() : null,
                snapshot.requiresClientCertificate(), snapshot.version()));
        return outcome;
    }

    private String applyDevice(EventEnvelope event, DeviceSnapshot snapshot) {
        long mac = macOf(snapshot);
        // The memory was loaded from the tables and only ever holds committed state, so a version it already holds is
        // in the tables too: replaying the compacted topic at start-up costs no database round trip per device.
        long held = table.deviceVersion(mac);
        if (held >= snapshot.version()) {
            return held == snapshot.version() ? "duplicate" : "stale";
        }
        boolean released = EventTypes.DEVICE_RELEASED.equals(event.type());
        String outcome = write(event.id(), () -> entityManager.createNativeQuery("""
                        insert into device_route (mac, tenant_id, vendor, model, serial, released, version)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        on conflict (mac) do update
                          set tenant_id = excluded.tenant_id, vendor = excluded.vendor, model = excluded.model,
                              serial = excluded.serial, released = excluded.released, version = excluded.version
                          where device_route.version < excluded.version""")
                .setParameter(1, mac)
                .setParameter(2, snapshot.tenantId())
                .setParameter(3, snapshot.vendor())
                .setParameter(4, snapshot.model())
                .setParameter(5, snapshot.serial())
                .setParameter(6, released)
                .setParameter(7, snapshot.version())
                .executeUpdate());
        table.putDevice(mac, new RouteTable.Device(released ? null : snapshot.tenantId(), snapshot.vendor(),
                snapshot.model(), snapshot.serial(), snapshot.version()));
        return outcome;
    }

    /**
     * In one transaction: records the event as processed and, when that is its first delivery to any replica, runs
     * the version-checked upsert.
     *
     * @return the outcome for metrics: {@code applied}, {@code stale} or {@code duplicate}
     */
    private String write(UUID eventId, Supplier<Integer> upsert) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, eventId)) {
                return "duplicate";
            }
            return upsert.get() == 1 ? "applied" : "stale";
        });
    }

    private static long macOf(DeviceSnapshot snapshot) {
        try {
            return MacAddress.parse(snapshot.mac()).value();
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("device event with invalid MAC", e);
        }
    }
}
