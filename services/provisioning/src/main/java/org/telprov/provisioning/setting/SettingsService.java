package org.telprov.provisioning.setting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.MacAddress;
import org.telprov.partner.Page;
import org.telprov.provisioning.device.DeviceTable;
import org.telprov.provisioning.memory.MemoryPoller;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.profile.Setting;
import org.telprov.provisioning.profile.TenantStamps;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reads and writes the tenant's layers of settings (a device's own, label groups, the tenant's defaults), imports
 * device settings from CSV and answers a device's effective settings. Secrets are sealed ({@link SecretBox}) and kept
 * as stored while their value does not change, so that a write that changes nothing leaves its row untouched: its
 * {@code changed_at}, from which device versions derive, moves only with a real change.
 */
@ApplicationScoped
public class SettingsService {

    /** The label of a tenant's defaults in {@code group_settings}. */
    static final String DEFAULTS = "";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows per round trip of an import: one query reads (and locks) them, one statement writes the changed ones. */
    private static final int CHUNK = 2_000;

    private final EntityManager entityManager;
    private final DeviceTable devices;
    private final CurrentReleases releases;
    private final EffectiveSettings effective;
    private final SecretBox secrets;
    private final MemoryPoller memory;
    private final MeterRegistry registry;
    private final TenantStamps stamps;

    public SettingsService(EntityManager entityManager, DeviceTable devices, CurrentReleases releases,
                           EffectiveSettings effective, SecretBox secrets, MemoryPoller memory,
                           MeterRegistry registry, TenantStamps stamps) {
        this.entityManager = entityManager;
        this.stamps = stamps;
        this.devices = devices;
        this.releases = releases;
        this.effective = effective;
        this.secrets = secrets;
        this.memory = memory;
        this.registry = registry;
    }

    /** A layer's row as stored; {@code changedAt} in epoch seconds. */
    private record Stored(String tenantId, List<Setting> settings, long changedAt) {
    }

    // ---- a device's own layer

    /**
     * @param mac 12 lower-case hex digits
     * @throws ProblemException 404 unless the tenant has the device (and it is not released)
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SettingsView device(String tenantId, String mac) {
        requireDevice(tenantId, mac);
        return deviceView(mac, own(readDevices(List.of(mac), false).get(mac), tenantId));
    }

    /** Replaces the device's own layer; a secret without a value keeps the stored one. */
    @Transactional
    public SettingsView replaceDevice(String tenantId, String mac, SettingsRequest request) {
        return writeDevice(tenantId, mac, stored -> replaced(stored, request));
    }

    /** Merges into the device's own layer: a name with a setting sets it, a name with {@code null} removes it. */
    @Transactional
    public SettingsView patchDevice(String tenantId, String mac, SettingsRequest request) {
        return writeDevice(tenantId, mac, stored -> merged(stored, request));
    }

    /** Empties the device's own layer (its row stays, with no settings, so that the change is dated). */
    @Transactional
    public void deleteDevice(String tenantId, String mac) {
        writeDevice(tenantId, mac, stored -> List.of());
    }

    private SettingsView writeDevice(String tenantId, String mac, UnaryOperator<List<Setting>> change) {
        requireDevice(tenantId, mac);
        Instant floor = stamps.lock(tenantId, false).deviceFloor();
        while (true) {
            Stored row = readDevices(List.of(mac), true).get(mac);
            Stored own = own(row, tenantId);
            List<Setting> before = own == null ? List.of() : own.settings();
            List<Setting> after = change.apply(before);
            if (after.equals(before)) {
                return deviceView(mac, own);
            }
            if (!writeDevices(List.of(new Write(mac, tenantId, after, row != null)), floor).isEmpty()) {
                changed("device", "api", 1);
                return deviceView(mac, readDevices(List.of(mac), false).get(mac));
            }
            // another transaction wrote the device's first settings meanwhile: change those instead
        }
    }

    // ---- label groups and the tenant's defaults

    /** The label group's settings (empty for a label without any), or the tenant's defaults for {@link #DEFAULTS}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SettingsView group(String tenantId, String label) {
        return groupView(label, readGroup(tenantId, label, false));
    }

    @Transactional
    public SettingsView replaceGroup(String tenantId, String label, SettingsRequest request) {
        return writeGroup(tenantId, label, stored -> replaced(stored, request));
    }

    @Transactional
    public SettingsView patchGroup(String tenantId, String label, SettingsRequest request) {
        return writeGroup(tenantId, label, stored -> merged(stored, request));
    }

    @Transactional
    public void deleteGroup(String tenantId, String label) {
        writeGroup(tenantId, label, stored -> List.of());
    }

    /** A page of the tenant's label groups that hold settings, by label. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SettingsView> groups(String tenantId, int page, int size) {
        return jdbc(connection -> {
            String where = " from group_settings where tenant_id = ? and label <> '' and settings <> '[]'::jsonb";
            long total;
            try (PreparedStatement count = connection.prepareStatement("select count(*)" + where)) {
                count.setString(1, tenantId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<SettingsView> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select label, settings::text, "
                    + "extract(epoch from changed_at)::bigint" + where + " order by label limit ? offset ?")) {
                select.setString(1, tenantId);
                select.setInt(2, size);
                select.setLong(3, (long) page * size);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(groupView(rows.getString(1),
                                new Stored(tenantId, SettingsMemory.parse(rows.getString(2)), rows.getLong(3))));
                    }
                }
            }
            return new Page<>(items, page, size, total);
        });
    }

    private SettingsView writeGroup(String tenantId, String label, UnaryOperator<List<Setting>> change) {
        Instant floor = stamps.lock(tenantId, true).groupFloor();
        while (true) {
            Stored row = readGroup(tenantId, label, true);
            List<Setting> before = row == null ? List.of() : row.settings();
            List<Setting> after = change.apply(before);
            if (after.equals(before)) {
                return groupView(label, row);
            }
            if (writeGroupRow(tenantId, label, after, row != null, floor)) {
                changed(label.equals(DEFAULTS) ? "tenant" : "label", "api", 1);
                return groupView(label, readGroup(tenantId, label, false));
            }
        }
    }

    // ---- the effective view

    /** The device's settings through its layers, each with the layer it came from; secrets without their value. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EffectiveView effective(String tenantId, String mac) {
        DeviceTable.Entry device = requireDevice(tenantId, mac);
        CurrentReleases.Current release = releases.of(mac).orElse(null);
        EffectiveSettings.DeviceSettings settings = effective.of(tenantId, Long.parseLong(mac, 16), device.labels(),
                release == null ? List.of() : release.content().settings());
        List<EffectiveView.Value> values = settings.all().stream().map(v -> new EffectiveView.Value(
                v.setting().name(), v.setting().secret() ? null : v.setting().value(), v.setting().secret(),
                v.origin().describe())).toList();
        return new EffectiveView(mac, release == null ? null : release.version(), values);
    }

    // ---- the CSV import

    /**
     * Sets the file's columns of each row's device layer: a non-empty cell sets the setting, an empty one removes it,
     * settings the file does not name stay. Rejected rows (an invalid MAC or value, a device the tenant does not have,
     * a MAC on an earlier row) write nothing; the others are written in chunks, each read with one query and written
     * with one statement, and only the devices whose layer changes are written.
     */
    @Transactional
    @TransactionConfiguration(timeout = 600)
    public SettingsImportReport importCsv(String tenantId, SettingsCsv.File file) {
        List<SettingsImportReport.Rejection> rejected = new ArrayList<>();
        List<ImportRow> valid = validate(tenantId, file, rejected);
        Instant floor = stamps.lock(tenantId, false).deviceFloor();
        // In MAC order, chunk after chunk: concurrent imports (and API writes) take the rows' locks in the same order,
        // so they wait for each other rather than deadlock.
        valid.sort(Comparator.comparing(ImportRow::mac));
        int changed = 0;
        int unchanged = 0;
        for (int from = 0; from < valid.size(); from += CHUNK) {
            List<ImportRow> pending = valid.subList(from, Math.min(from + CHUNK, valid.size()));
            while (!pending.isEmpty()) {
                Map<String, Stored> locked = readDevices(pending.stream().map(ImportRow::mac).toList(), true);
                List<Write> writes = new ArrayList<>();
                Map<String, ImportRow> rowOf = new LinkedHashMap<>();
                for (ImportRow row : pending) {
                    Stored stored = locked.get(row.mac());
                    Stored own = own(stored, tenantId);
                    List<Setting> before = own == null ? List.of() : own.settings();
                    List<Setting> after = imported(before, file.columns(), row.cells());
                    if (after.size() > Setting.MAX_PER_LAYER) {
                        rejected.add(new SettingsImportReport.Rejection(row.row(), row.written(), "invalid_parameter",
                                "the device would have " + after.size() + " settings; at most "
                                        + Setting.MAX_PER_LAYER));
                    } else if (after.equals(before)) {
                        unchanged++;
                    } else {
                        writes.add(new Write(row.mac(), tenantId, after, stored != null));
                        rowOf.put(row.mac(), row);
                    }
                }
                Set<String> written = writes.isEmpty() ? Set.of() : writeDevices(writes, floor);
                changed += written.size();
                // rows another transaction inserted meanwhile are read again and merged into
                pending = rowOf.values().stream().filter(r -> !written.contains(r.mac())).toList();
            }
        }
        if (changed > 0) {
            changed("device", "import", changed);
        }
        rejected.sort(Comparator.comparingInt(SettingsImportReport.Rejection::row));
        return new SettingsImportReport(file.rows().size(), changed, unchanged, rejected);
    }

    /** A row that passed the checks: its number, its MAC (normalised and as written) and its cells. */
    private record ImportRow(int row, String mac, String written, String[] cells) {
    }

    private List<ImportRow> validate(String tenantId, SettingsCsv.File file,
                                     List<SettingsImportReport.Rejection> rejected) {
        List<SettingsCsv.Column> columns = file.columns();
        List<ImportRow> valid = new ArrayList<>(file.rows().size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.rows().size(); i++) {
            int number = i + 1;
            String[] cells = file.rows().get(i);
            String written = cells.length == 0 ? null : cells[0];
            if (!MacAddress.isValid(written)) {
                rejected.add(new SettingsImportReport.Rejection(number, written, "invalid_parameter",
                        "mac: expected 12 hex digits, optionally in pairs separated by ':' or '-'"));
                continue;
            }
            String mac = MacAddress.parse(written).toString();
            if (!seen.add(mac)) {
                rejected.add(new SettingsImportReport.Rejection(number, written, "duplicate",
                        "the MAC appears on an earlier row of this file"));
                continue;
            }
            if (cells.length != columns.size() + 1) {
                rejected.add(new SettingsImportReport.Rejection(number, written, "invalid_parameter",
                        "the row has " + cells.length + " cells; the header names " + (columns.size() + 1)));
                continue;
            }
            if (owned(tenantId, mac) == null) {
                rejected.add(new SettingsImportReport.Rejection(number, written, "not_found",
                        "device " + mac + " does not exist"));
                continue;
            }
            String invalid = null;
            for (int c = 0; c < columns.size() && invalid == null; c++) {
                String why = valueProblem(cells[c + 1]);
                invalid = why == null ? null : columns.get(c).name() + ": " + why;
            }
            if (invalid != null) {
                rejected.add(new SettingsImportReport.Rejection(number, written, "invalid_parameter", invalid));
                continue;
            }
            valid.add(new ImportRow(number, mac, written, cells));
        }
        return valid;
    }

    /** The layer after a row's cells: empty removes, a secret whose value is unchanged keeps its ciphertext. */
    private List<Setting> imported(List<Setting> before, List<SettingsCsv.Column> columns, String[] cells) {
        Map<String, Setting> settings = byName(before);
        for (int c = 0; c < columns.size(); c++) {
            SettingsCsv.Column column = columns.get(c);
            String value = cells[c + 1];
            if (value.isEmpty()) {
                settings.remove(column.name());
            } else {
                Setting stored = settings.get(column.name());
                settings.put(column.name(), setting(column.name(), value, column.secret(), stored));
            }
        }
        return new ArrayList<>(settings.values());
    }

    // ---- validation and secrets

    private List<Setting> replaced(List<Setting> stored, SettingsRequest request) {
        Map<String, Setting> before = byName(stored);
        Map<String, Setting> after = new TreeMap<>();
        for (Map.Entry<String, SettingsRequest.Value> entry : given(request).entrySet()) {
            String field = "settings." + entry.getKey();
            checkName(entry.getKey(), field);
            if (entry.getValue() == null) {
                throw ProblemException.badRequest("invalid_parameter",
                        "a setting is an object with its value (null removes a setting in a PATCH only)", field);
            }
            after.put(entry.getKey(), given(entry.getKey(), entry.getValue(), before.get(entry.getKey()), field));
        }
        return checkedSize(after);
    }

    private List<Setting> merged(List<Setting> stored, SettingsRequest request) {
        Map<String, Setting> after = byName(stored);
        for (Map.Entry<String, SettingsRequest.Value> entry : given(request).entrySet()) {
            String field = "settings." + entry.getKey();
            checkName(entry.getKey(), field);
            if (entry.getValue() == null) {
                after.remove(entry.getKey());
            } else {
                after.put(entry.getKey(), given(entry.getKey(), entry.getValue(), after.get(entry.getKey()), field));
            }
        }
        return checkedSize(after);
    }

    private static Map<String, SettingsRequest.Value> given(SettingsRequest request) {
        if (request.settings() == null) {
            throw ProblemException.badRequest("invalid_parameter",
                    "name the settings (an empty object for none)", "settings");
        }
        return request.settings();
    }

    private Setting given(String name, SettingsRequest.Value given, Setting stored, String field) {
        if (given.value() == null) {
            if (given.isSecret() && stored != null && stored.secret()) {
                return stored;
            }
            throw ProblemException.badRequest("invalid_parameter", given.isSecret()
                    ? "a value is required (a secret without one keeps its stored value, and there is none)"
                    : "a value is required", field + ".value");
        }
        String why = valueProblem(given.value());
        if (why != null) {
            throw ProblemException.badRequest("invalid_parameter", why, field + ".value");
        }
        return setting(name, given.value(), given.isSecret(), stored);
    }

    private static void checkName(String name, String field) {
        if (name == null || !name.matches(Setting.NAME)) {
            throw ProblemException.badRequest("invalid_parameter", "a setting's name has " + Setting.NAME_RULE, field);
        }
    }

    private static List<Setting> checkedSize(Map<String, Setting> settings) {
        if (settings.size() > Setting.MAX_PER_LAYER) {
            throw ProblemException.badRequest("invalid_parameter",
                    "at most " + Setting.MAX_PER_LAYER + " settings per layer", "settings");
        }
        return new ArrayList<>(settings.values());
    }

    /** Why the value cannot be stored, or {@code null}: one line of text (as profile parameter values), not long. */
    private static String valueProblem(String value) {
        if (value.length() > Setting.MAX_VALUE_LENGTH) {
            return "at most " + Setting.MAX_VALUE_LENGTH + " characters";
        }
        // Device files are XML or line-based text: control characters cannot be represented, line breaks would
        // start another line.
        if (!Setting.writable(value)) {
            return Inputs.SINGLE_LINE_RULE;
        }
        return null;
    }

    /** The setting to store: a secret sealed, unless the stored one already holds this value (then kept as it is). */
    private Setting setting(String name, String value, boolean secret, Setting stored) {
        if (!secret) {
            return new Setting(name, value, false);
        }
        if (stored != null && stored.secret() && value.equals(opened(stored.value()))) {
            return stored;
        }
        return new Setting(name, secrets.seal(value), true);
    }

    private String opened(String sealed) {
        try {
            return secrets.open(sealed);
        } catch (IllegalStateException sealedWithAnotherKey) {
            return null;
        }
    }

    private static Map<String, Setting> byName(List<Setting> settings) {
        Map<String, Setting> byName = new TreeMap<>();
        settings.forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    // ---- devices

    private DeviceTable.Entry requireDevice(String tenantId, String mac) {
        DeviceTable.Entry device = owned(tenantId, mac);
        if (device == null) {
            throw ProblemException.notFound("device " + mac);
        }
        return device;
    }

    /** The device while the tenant has it; {@code null} for another tenant's, a released and an unknown one alike. */
    private DeviceTable.Entry owned(String tenantId, String mac) {
        return devices.find(Long.parseLong(mac, 16))
                .filter(d -> !d.released() && tenantId.equals(d.tenantId())).orElse(null);
    }

    /** The row if the tenant wrote it: a row another tenant wrote while it owned the device is not this one's. */
    private static Stored own(Stored row, String tenantId) {
        return row != null && row.tenantId().equals(tenantId) ? row : null;
    }

    private static SettingsView deviceView(String mac, Stored own) {
        return own == null ? SettingsView.of(mac, null, List.of(), null)
                : SettingsView.of(mac, null, own.settings(), Instant.ofEpochSecond(own.changedAt()));
    }

    private static SettingsView groupView(String label, Stored row) {
        String named = label.equals(DEFAULTS) ? null : label;
        return row == null ? SettingsView.of(null, named, List.of(), null)
                : SettingsView.of(null, named, row.settings(), Instant.ofEpochSecond(row.changedAt()));
    }

    // ---- statements

    /** A device layer to write; {@code exists}: its row was read (and locked), else it is inserted. */
    private record Write(String mac, String tenantId, List<Setting> settings, boolean exists) {
    }

    /** The rows of the MACs, by MAC; locked for the rest of the transaction when {@code lock}. */
    private Map<String, Stored> readDevices(Collection<String> macs, boolean lock) {
        return jdbc(connection -> {
            Map<String, Stored> stored = new TreeMap<>();
            // One array parameter rather than an IN list: a short statement, planned alike for every chunk. Locked in
            // MAC order, so that concurrent imports do not deadlock.
            try (PreparedStatement select = connection.prepareStatement("select mac, tenant_id, settings::text, "
                    + "extract(epoch from changed_at)::bigint from device_settings "
                    + "where mac = any(cast(? as char(12)[])) order by mac" + (lock ? " for update" : ""))) {
                java.sql.Array array = connection.createArrayOf("varchar", macs.toArray());
                try {
                    select.setArray(1, array);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            stored.put(rows.getString(1), new Stored(rows.getString(2),
                                    SettingsMemory.parse(rows.getString(3)), rows.getLong(4)));
                        }
                    }
                } finally {
                    array.free();
                }
            }
            return stored;
        });
    }

    /**
     * Writes the layers in one statement: read rows are updated (dated a second after their last change at least,
     * so that {@code changed_at} only grows), the others inserted unless another transaction did first.
     *
     * @param floor the earliest stamp the layers may take ({@link TenantStamps}), or null
     * @return the MACs written; a new row another transaction inserted meanwhile is not
     */
    private Set<String> writeDevices(List<Write> writes, Instant floor) {
        return jdbc(connection -> ArrayUpsert.execute(connection, """
                with u as (
                    select * from unnest(cast(? as char(12)[]), cast(? as varchar[]), cast(? as text[]),
                                         cast(? as boolean[])) as u(mac, tenant_id, settings, existing)),
                updated as (
                    update device_settings d
                       set tenant_id = u.tenant_id, settings = cast(u.settings as jsonb),
                           changed_at = greatest(date_trunc('second', now()), d.changed_at + interval '1 second',
                                                 cast(? as timestamptz)),
                           txid = pg_current_xact_id()
                      from u
                     where u.existing and d.mac = u.mac
                    returning d.mac),
                inserted as (
                    insert into device_settings (mac, tenant_id, settings, changed_at, txid)
                    select u.mac, u.tenant_id, cast(u.settings as jsonb),
                           greatest(date_trunc('second', now()), cast(? as timestamptz)), pg_current_xact_id()
                      from u
                     where not u.existing
                    on conflict (mac) do nothing
                    returning mac)
                select mac from updated union all select mac from inserted""", writes, List.of(
                new ArrayUpsert.Column<>("varchar", Write::mac),
                new ArrayUpsert.Column<>("varchar", Write::tenantId),
                new ArrayUpsert.Column<>("text", w -> json(w.settings())),
                new ArrayUpsert.Column<>("boolean", Write::exists)), Arrays.asList(timestamp(floor), timestamp(floor)),
                String.class));
    }

    private Stored readGroup(String tenantId, String label, boolean lock) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select settings::text, "
                    + "extract(epoch from changed_at)::bigint from group_settings where tenant_id = ? and label = ?"
                    + (lock ? " for update" : ""))) {
                select.setString(1, tenantId);
                select.setString(2, label);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? new Stored(tenantId, SettingsMemory.parse(rows.getString(1)), rows.getLong(2)) : null;
                }
            }
        });
    }

    /** @return false when the row was new and another transaction inserted it first */
    private boolean writeGroupRow(String tenantId, String label, List<Setting> settings, boolean exists,
                                  Instant floor) {
        return jdbc(connection -> {
            try (PreparedStatement write = connection.prepareStatement(exists ? """
                    update group_settings
                       set settings = cast(? as jsonb),
                           changed_at = greatest(date_trunc('second', now()), changed_at + interval '1 second',
                                                 cast(? as timestamptz)),
                           txid = pg_current_xact_id()
                     where tenant_id = ? and label = ?""" : """
                    insert into group_settings (settings, changed_at, tenant_id, label, txid)
                    values (cast(? as jsonb), greatest(date_trunc('second', now()), cast(? as timestamptz)), ?, ?,
                            pg_current_xact_id())
                    on conflict do nothing""")) {
                write.setString(1, json(settings));
                write.setTimestamp(2, timestamp(floor));
                write.setString(3, tenantId);
                write.setString(4, label);
                return write.executeUpdate() == 1;
            }
        });
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs on the connection of the caller's transaction (or of the request's session for a read). */
    private <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    private static String json(List<Setting> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts changed layers and has this replica's memory read them as soon as the transaction commits. */
    private void changed(String layer, String via, int count) {
        registry.counter("telprov.provisioning.settings.changes", "layer", layer, "via", via).increment(count);
        memory.refreshAfterCommit();
    }

    /** @throws ProblemException 400 {@code invalid_mac} naming the field */
    static String mac(String text) {
        return Inputs.mac(text, "mac").toString();
    }

    /** The label, checked: {@code invalid_parameter} naming {@code label}. */
    static String label(String label) {
        if (label == null || !label.matches(Inputs.LABEL)) {
            throw ProblemException.badRequest("invalid_parameter", "label: " + Inputs.LABEL_RULE, "label");
        }
        return label;
    }
}
