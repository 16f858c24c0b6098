package org.telprov.provisioning.setting;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows of the settings tables and the device read model written with SQL, as the settings API and the inventory
 * projection would, for tests of what reads them; {@link #refresh()} has this replica's memory read them at once.
 */
public final class SettingRows {

    private SettingRows() {
    }

    /** A layer's JSON: plain settings in name order. */
    public static String layer(Map<String, String> settings) {
        return settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "{\"name\":\"" + e.getKey() + "\",\"value\":\"" + e.getValue() + "\",\"secret\":false}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** A label group's layer, or the tenant's defaults for the label {@code ""}. */
    public static void group(String tenant, String label, long changedAt, Map<String, String> settings) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                        "insert into group_settings (tenant_id, label, settings, changed_at) "
                                + "values (?1, ?2, cast(?3 as jsonb), to_timestamp(?4)) on conflict (tenant_id, label) "
                                + "do update set settings = excluded.settings, changed_at = excluded.changed_at, "
                                + "txid = pg_current_xact_id()")
                .setParameter(1, tenant).setParameter(2, label).setParameter(3, layer(settings))
                .setParameter(4, changedAt).executeUpdate());
    }

    /** A device's own layer. */
    public static void device(String mac, String tenant, long changedAt, Map<String, String> settings) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                        "insert into device_settings (mac, tenant_id, settings, changed_at) "
                                + "values (?1, ?2, cast(?3 as jsonb), to_timestamp(?4)) on conflict (mac) "
                                + "do update set tenant_id = excluded.tenant_id, settings = excluded.settings, "
                                + "changed_at = excluded.changed_at, txid = pg_current_xact_id()")
                .setParameter(1, mac).setParameter(2, tenant).setParameter(3, layer(settings))
                .setParameter(4, changedAt).executeUpdate());
    }

    /**
     * A device of the read model (not of this replica's device memory): the {@code device} table only.
     *
     * @param labels comma-separated, as the table holds them
     */
    public static void readModelDevice(String mac, String tenant, String profile, String serial, String labels,
                                       boolean released) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                        "insert into device (mac, tenant_id, vendor, model, serial, profile, labels, released, version) "
                                + "values (?1, ?2, 'gigaset-maxwell', 'mx3b', ?3, ?4, ?5, ?6, 1)")
                .setParameter(1, mac).setParameter(2, tenant).setParameter(3, serial).setParameter(4, profile)
                .setParameter(5, labels).setParameter(6, released).executeUpdate());
    }

    /** Runs one statement of SQL in a transaction of its own. */
    public static int sql(String statement) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery(statement)
                .executeUpdate());
    }

    /** Has this replica's settings memory read what was written. */
    public static void refresh() {
        Arc.container().instance(SettingsMemory.class).get().refresh();
    }
}
