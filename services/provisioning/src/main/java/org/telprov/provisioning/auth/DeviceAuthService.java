package org.telprov.provisioning.auth;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.memory.MemoryPoller;
import org.telprov.provisioning.memory.PolledMemory;
import org.telprov.provisioning.memory.VersionStamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The tenants' device-authentication settings as the device path reads them: from memory, polled by the rows'
 * versions like the other small tables ({@link MemoryPoller}), so a change through any replica is seen by every
 * replica's next request within the poll interval, and by the replica that took it at once.
 */
@ApplicationScoped
public class DeviceAuthService implements PolledMemory {

    private record Held(DeviceAuthSettings settings, long version) {
    }

    private final DeviceAuthStore store;
    private final AgroalDataSource dataSource;
    private final MemoryPoller memory;
    private volatile Map<String, Held> settings = Map.of();
    /** Guarded by this (refreshes run one at a time). */
    private VersionStamp stamp = VersionStamp.NONE;

    public DeviceAuthService(DeviceAuthStore store, AgroalDataSource dataSource, MemoryPoller memory) {
        this.store = store;
        this.dataSource = dataSource;
        this.memory = memory;
    }

    /** The tenant's setting, or the defaults when it has none. */
    public DeviceAuthSettings current(String tenantId) {
        Held held = settings.get(tenantId);
        return held == null ? DeviceAuthSettings.DEFAULT : held.settings();
    }

    /** The tenant's stored setting, read from the database (what the partner API answers). */
    public DeviceAuthSettings stored(String tenantId) {
        return store.find(tenantId).orElse(DeviceAuthSettings.DEFAULT);
    }

    /** Validates and stores the tenant's setting; this replica uses it from the next request on. */
    public DeviceAuthSettings replace(String tenantId, DeviceAuthSettings requested, String actor) {
        DeviceAuthSettings validated = requested.validated();
        store.save(tenantId, validated, actor);
        memory.refreshAfterCommit();
        return validated;
    }

    @Override
    public String name() {
        return "device-auth settings";
    }

    @Override
    public synchronized void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            VersionStamp now = VersionStamp.of(connection, "device_auth", "version");
            if (now.equals(stamp)) {
                return;
            }
            Map<String, Held> held = settings;
            Map<String, Held> next = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select tenant_id, version, mode, public_files, algorithms, tftp_dialects from device_auth");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String tenant = rows.getString(1);
                    long version = rows.getLong(2);
                    Held known = held.get(tenant);
                    next.put(tenant, known != null && known.version() == version ? known : new Held(
                            DeviceAuthStore.settings(rows.getString(3), rows.getString(4), rows.getString(5),
                                    rows.getString(6)), version));
                }
            }
            settings = next;
            stamp = now;
        } catch (SQLException e) {
            throw new IllegalStateException("device-auth settings could not be read", e);
        }
    }
}
