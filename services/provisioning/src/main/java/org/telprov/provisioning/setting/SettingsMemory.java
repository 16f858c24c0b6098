package org.telprov.provisioning.setting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.memory.PolledMemory;
import org.telprov.provisioning.profile.ReleaseSwitches;
import org.telprov.provisioning.profile.Setting;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every layer of settings in memory, so that answering a device reads no table: the devices' own settings (an
 * open-addressing table keyed by the MAC's 48 bits, one {@link Layer} byte array per device) and the tenants' defaults
 * and label groups. Polled by the {@code MemoryPoller} like the other memories, but incrementally: each poll first
 * takes a snapshot of which transactions have finished, then reads the rows of the transactions the previous poll's
 * snapshot did not count as finished (their {@code txid} at least its {@code xmax}, or among those it saw running). So
 * a replica never misses a write that commits late, never reads a row twice because some other transaction runs long,
 * and a steady poll reads nothing.
 */
@ApplicationScoped
public class SettingsMemory implements PolledMemory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Setting>> SETTINGS = new TypeReference<>() {
    };
    private static final int FETCH_SIZE = 10_000;

    private final AgroalDataSource dataSource;
    private final DeviceLayers devices = new DeviceLayers();
    /** tenant → label ('' for the tenant's defaults) → layer. */
    private final Map<String, Map<String, Layer>> groups = new ConcurrentHashMap<>();
    /** The previous poll's snapshot; {@code null} before the first. */
    private Snapshot seen;

    /**
     * Which transactions a snapshot counts as finished: all below {@code xmax} but those in {@code running}.
     */
    private record Snapshot(String xmax, String[] running) {
    }

    public SettingsMemory(AgroalDataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("telprov.provisioning.settings.devices", devices, DeviceLayers::size)
                .description("devices with settings of their own, in memory").register(registry);
    }

    @Override
    public String name() {
        return "settings";
    }

    /**
     * Before the profiles' routes: a switch of release stamps the devices' layers in its own transaction
     * ({@link ReleaseSwitches}), and a round that saw the stamp but not the switch would serve the old release under the
     * new version, which a phone keeps; read in this order, a round sees at most the switch without its stamp (the new
     * release under the old version), which the next round corrects.
     */
    @Override
    public int order() {
        return -1;
    }

    /** The device's own settings while {@code tenantId} owns it, or {@code null}. */
    public Layer device(String tenantId, long mac) {
        Layer layer = devices.get(mac);
        return layer != null && layer.tenantId().equals(tenantId) ? layer : null;
    }

    /** A label group's settings, or the tenant's defaults for the label {@code ""}; {@code null} for none. */
    public Layer group(String tenantId, String label) {
        Map<String, Layer> labels = groups.get(tenantId);
        return labels == null ? null : labels.get(label);
    }

    /** Synchronized: the poller calls it, and so may a test or a writer wanting its write seen at once. */
    @Override
    public synchronized void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            Snapshot snapshot;
            try (PreparedStatement statement = connection.prepareStatement("select pg_snapshot_xmax(s)::text, "
                    + "array(select pg_snapshot_xip(s)::text) from (select pg_current_snapshot() s) current");
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                snapshot = new Snapshot(rows.getString(1), (String[]) rows.getArray(2).getArray());
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // a cursor, so that the first load streams
            try {
                readDevices(connection);
                readGroups(connection);
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            seen = snapshot;
        } catch (SQLException e) {
            throw new IllegalStateException("reading settings failed: " + e.getMessage(), e);
        }
    }

    private void readDevices(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select mac, tenant_id, settings::text, "
                + "extract(epoch from changed_at)::bigint from device_settings" + since())) {
            bindSince(statement);
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    devices.put(Long.parseLong(rows.getString(1), 16),
                            Layer.of(rows.getString(2), rows.getLong(4), parse(rows.getString(3))));
                }
            }
        }
    }

    private void readGroups(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select tenant_id, label, settings::text, "
                + "extract(epoch from changed_at)::bigint from group_settings" + since())) {
            bindSince(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String tenant = rows.getString(1);
                    groups.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(rows.getString(2),
                            Layer.of(tenant, rows.getLong(4), parse(rows.getString(3))));
                }
            }
        }
    }

    private String since() {
        return seen == null ? "" : " where txid >= cast(? as xid8) or txid = any(cast(? as xid8[]))";
    }

    private void bindSince(PreparedStatement statement) throws SQLException {
        if (seen != null) {
            statement.setString(1, seen.xmax());
            statement.setArray(2, statement.getConnection().createArrayOf("text", seen.running()));
        }
    }

    static List<Setting> parse(String json) {
        try {
            return JSON.readValue(json, SETTINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MAC → layer, open addressing with linear probing; one writer (the poller), readers without locks: a slot's
     * layer is published before its key, and a grown table as a whole.
     */
    static final class DeviceLayers {
        private static final long EMPTY = -1L;
        private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Layer[].class);

        private record Table(long[] keys, Layer[] values) {
            Table(int capacity) {
                this(new long[capacity], new Layer[capacity]);
                java.util.Arrays.fill(keys, EMPTY);
            }
        }

        private volatile Table table = new Table(1024);
        private int size;

        Layer get(long mac) {
            Table t = table;
            int mask = t.keys.length - 1;
            for (int slot = hash(mac) & mask; ; slot = (slot + 1) & mask) {
                long key = (long) KEYS.getAcquire(t.keys, slot);
                if (key == mac) {
                    return (Layer) VALUES.getAcquire(t.values, slot);
                }
                if (key == EMPTY) {
                    return null;
                }
            }
        }

        synchronized void put(long mac, Layer layer) {
            Table t = table;
            if ((size + 1) * 10L > t.keys.length * 6L) {
                t = grown(t);
                table = t;
            }
            int mask = t.keys.length - 1;
            for (int slot = hash(mac) & mask; ; slot = (slot + 1) & mask) {
                long key = t.keys[slot];
                if (key == mac) {
                    VALUES.setRelease(t.values, slot, layer);
                    return;
                }
                if (key == EMPTY) {
                    VALUES.setRelease(t.values, slot, layer);
                    KEYS.setRelease(t.keys, slot, mac);
                    size++;
                    return;
                }
            }
        }

        synchronized int size() {
            return size;
        }

        private static Table grown(Table old) {
            Table grown = new Table(old.keys.length * 2);
            int mask = grown.keys.length - 1;
            for (int i = 0; i < old.keys.length; i++) {
                long key = old.keys[i];
                if (key != EMPTY) {
                    int slot = hash(key) & mask;
                    while (grown.keys[slot] != EMPTY) {
                        slot = (slot + 1) & mask;
                    }
                    grown.keys[slot] = key;
                    grown.values[slot] = old.values[i];
                }
            }
            return grown;
        }

        private static int hash(long mac) {
            long h = mac * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
