package org.telprov.provisioning.device;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fills this replica's {@link DeviceTable} from the {@code device} table at start-up, before it reports ready; from
 * then on {@link DeviceProjection} keeps both up to date.
 */
@ApplicationScoped
public class DeviceTableLoader {

    private final AgroalDataSource dataSource;
    private final DeviceTable table;

    public DeviceTableLoader(AgroalDataSource dataSource, DeviceTable table) {
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
}
