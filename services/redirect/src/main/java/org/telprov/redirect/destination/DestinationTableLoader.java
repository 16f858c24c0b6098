package org.telprov.redirect.destination;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fills this replica's {@link DestinationTable} from the service's tables at start-up, before it reports ready; from
 * then on {@link DestinationProjection} keeps both up to date.
 */
@ApplicationScoped
public class DestinationTableLoader {

    private final AgroalDataSource dataSource;
    private final DestinationTable table;

    public DestinationTableLoader(AgroalDataSource dataSource, DestinationTable table, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.table = table;
        // the readiness probe's answer as a metric, so an alert can tell a replica that never finished loading
        Gauge.builder("telprov.redirect.routes.loaded", table, t -> t.loaded() ? 1 : 0)
                .description("1 once the routing table holds what the database held at start-up").register(registry);
        Gauge.builder("telprov.redirect.routes.devices", table, DestinationTable::deviceCount)
                .description("Devices in the routing table").register(registry);
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
                    table.putTenant(rows.getString(1), new DestinationTable.Tenant(
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
                        table.putDevice(rows.getLong(1), new DestinationTable.Device(
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
}
