import java.sql.*;
import java.util.*;
import java.util.Arrays;
import java.io.*;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Where an import's write time goes in PostgreSQL, and COPY against {@code insert … select from unnest(arrays)}, for
 * docs/performance.md (issue 19). Writes 100,000 devices, audit entries and outbox rows in chunks of 1,000 (5,000 for
 * the *5000 variants) in one transaction per variant, into tables shaped like inventory's in a scratch schema
 * {@code bulk_insert_bench} that it drops and creates anew, and prints each table's time. Variants: unnest1000,
 * unnest5000, copy1000 (audit and outbox with COPY), and copy1000 with -nofk, -nogin, -noconflict, -noidx or -nouuid
 * (the device table without its tenant foreign key, its label index, ON CONFLICT, or its secondary indexes; the outbox
 * without the unique index on event_id that inventory dropped). Alternate them,
 * A B A B: the first round warms the JIT.
 * <pre>
 *   java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.10/postgresql-42.7.10.jar bench/import/BulkInsert.java \
 *     'jdbc:postgresql://127.0.0.1:18532/telprov?user=…&password=…' unnest1000 copy1000 unnest1000 copy1000
 * </pre>
 */
public class BulkInsert {
    static final int N = 100_000;
    static String schema = """
        drop schema if exists bulk_insert_bench cascade;
        create schema bulk_insert_bench;
        set search_path to bulk_insert_bench;
        create table tenant (id varchar(63) primary key);
        insert into tenant values ('acme');
        create table device (
            mac char(12) primary key, tenant_id varchar(63) not null references tenant (id), vendor varchar(50) not null,
            model varchar(50) not null, serial varchar(100), profile varchar(100), version bigint not null,
            created_at timestamptz not null, updated_at timestamptz not null, released_at timestamptz,
            labels text[] not null default '{}', first_seen timestamptz, last_seen timestamptz, last_service varchar(20),
            last_file varchar(255), last_uvc varchar(32), last_firmware varchar(100), last_source_ip varchar(64),
            last_user_agent varchar(512), last_uvc_at timestamptz, last_firmware_at timestamptz);
        create index device_by_tenant on device (tenant_id, mac);
        create index device_by_tenant_model on device (tenant_id, model, mac) where released_at is null;
        create index device_by_tenant_last_seen on device (tenant_id, last_seen, mac) where released_at is null;
        create index device_labels on device using gin (labels);
        create table audit_entry (id bigint primary key, tenant_id varchar(63) not null, mac char(12) not null,
            action varchar(20) not null, actor varchar(255) not null, at timestamptz not null, before text, after text);
        create index audit_by_tenant on audit_entry (tenant_id, id desc);
        create index audit_by_mac on audit_entry (mac, id desc);
        create table outbox_event (id bigint primary key, event_id uuid not null unique, topic varchar(249) not null,
            message_key varchar(255) not null, event_type varchar(100) not null, envelope text not null,
            created_at timestamptz not null, attempts integer not null default 0, next_attempt_at timestamptz not null,
            last_error text, bulk boolean not null default false);
        create index outbox_event_lane on outbox_event (bulk, id);
        create index outbox_event_key on outbox_event (message_key, id);
        """;
    static final String CLAIM = """
            insert into device (mac, tenant_id, vendor, model, serial, profile, labels, version, created_at, updated_at)
            select c.mac, ?, c.vendor, c.model, c.serial, c.profile, coalesce(string_to_array(c.labels, ';'), '{}'),
                   1, ?, ?
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as c (mac, vendor, model, serial, profile, labels)
            on conflict (mac) do update set tenant_id = excluded.tenant_id
            where device.released_at is not null
            returning mac""";
    static final String AUDIT = """
            insert into audit_entry (id, tenant_id, mac, action, actor, at, before, after)
            select * from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                 ?::timestamptz[], ?::text[], ?::text[])""";
    static final String OUTBOX = """
            insert into outbox_event (id, event_id, topic, message_key, event_type, envelope, created_at,
                                      next_attempt_at, bulk)
            select e.id, e.event_id, e.topic, e.message_key, e.event_type, e.envelope, e.created_at, e.created_at, true
            from unnest(?::bigint[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                 as e (id, event_id, topic, message_key, event_type, envelope, created_at)""";

    static String mac(int i) { return String.format("7c2f82%06x", i); }
    static String envelope(int i) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"device.registered\",\"schemaVersion\":1,\"aggregateType\":\"device\",\"aggregateId\":\"" + mac(i) + "\",\"tenantId\":\"acme\",\"occurredAt\":\"2026-12-07T02:39:50.569825119Z\",\"payload\":{\"mac\":\"" + mac(i) + "\",\"tenantId\":\"acme\",\"vendor\":\"gigaset-maxwell\",\"model\":\"mx3b\",\"serial\":\"SN" + i + "\",\"profile\":\"bench\",\"labels\":[],\"version\":1}}";
    }
    static String after(int i) {
        return "{\"mac\":\"" + mac(i) + "\",\"vendor\":\"gigaset-maxwell\",\"model\":\"mx3b\",\"serial\":\"SN" + i + "\",\"profile\":\"bench\",\"labels\":[],\"version\":1,\"createdAt\":\"2026-12-07T02:39:50.569Z\",\"updatedAt\":\"2026-12-07T02:39:50.569Z\",\"firstSeen\":null,\"lastSeen\":null}";
    }

    public static void main(String[] a) throws Exception {
        Connection c = DriverManager.getConnection(a[0]);
        String[] variants = a.length > 1 ? Arrays.copyOfRange(a, 1, a.length)
                : new String[]{"unnest1000", "copy1000", "unnest1000", "copy1000"};
        for (String v : variants) {
            try (Statement s = c.createStatement()) {
                s.execute(schema);
                if (v.contains("nofk")) s.execute("alter table device drop constraint device_tenant_id_fkey");
                if (v.contains("nogin")) s.execute("drop index device_labels");
                if (v.contains("nouuid")) s.execute("alter table outbox_event drop constraint outbox_event_event_id_key");
                if (v.contains("noidx")) s.execute("drop index device_labels; drop index device_by_tenant_model; drop index device_by_tenant_last_seen; drop index device_by_tenant");
            }
            c.setAutoCommit(false);
            int chunk = v.endsWith("5000") ? 5000 : 1000;
            boolean copy = v.startsWith("copy");
            long dev = 0, aud = 0, out = 0;
            Timestamp now = new Timestamp(System.currentTimeMillis());
            long t0 = System.nanoTime();
            for (int from = 0; from < N; from += chunk) {
                int to = Math.min(N, from + chunk);
                long t = System.nanoTime();
                try (PreparedStatement p = c.prepareStatement(v.contains("noconflict") ? CLAIM.substring(0, CLAIM.indexOf("on conflict")) + "returning mac" : CLAIM)) {
                    p.setString(1, "acme"); p.setTimestamp(2, now); p.setTimestamp(3, now);
                    List<String> m = new ArrayList<>(), ven = new ArrayList<>(), mod = new ArrayList<>(), ser = new ArrayList<>(), pro = new ArrayList<>(), lab = new ArrayList<>();
                    for (int i = from; i < to; i++) { m.add(mac(i)); ven.add("gigaset-maxwell"); mod.add("mx3b"); ser.add("SN" + i); pro.add("bench"); lab.add(""); }
                    p.setArray(4, c.createArrayOf("text", m.toArray())); p.setArray(5, c.createArrayOf("text", ven.toArray()));
                    p.setArray(6, c.createArrayOf("text", mod.toArray())); p.setArray(7, c.createArrayOf("text", ser.toArray()));
                    p.setArray(8, c.createArrayOf("text", pro.toArray())); p.setArray(9, c.createArrayOf("text", lab.toArray()));
                    try (ResultSet r = p.executeQuery()) { while (r.next()) {} }
                }
                dev += System.nanoTime() - t; t = System.nanoTime();
                if (copy) {
                    CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
                    StringBuilder sb = new StringBuilder();
                    for (int i = from; i < to; i++) sb.append(i).append("\tacme\t").append(mac(i)).append("\tclaim\tpartner-acme\t2026-12-07 02:39:50+00\t\\N\t").append(esc(after(i))).append('\n');
                    cm.copyIn("copy audit_entry (id, tenant_id, mac, action, actor, at, before, after) from stdin", new StringReader(sb.toString()));
                    aud += System.nanoTime() - t; t = System.nanoTime();
                    sb.setLength(0);
                    for (int i = from; i < to; i++) sb.append(i).append('\t').append(UUID.randomUUID()).append("\tinventory-devices-bulk\t").append(mac(i)).append("\tdevice.registered\t").append(esc(envelope(i))).append("\t2026-12-07 02:39:50+00\t2026-12-07 02:39:50+00\tt\n");
                    cm.copyIn("copy outbox_event (id, event_id, topic, message_key, event_type, envelope, created_at, next_attempt_at, bulk) from stdin", new StringReader(sb.toString()));
                    out += System.nanoTime() - t;
                } else {
                    try (PreparedStatement p = c.prepareStatement(AUDIT)) {
                        List<Object> id = new ArrayList<>(), ten = new ArrayList<>(), m = new ArrayList<>(), act = new ArrayList<>(), actor = new ArrayList<>(), at = new ArrayList<>(), bef = new ArrayList<>(), aft = new ArrayList<>();
                        for (int i = from; i < to; i++) { id.add((long) i); ten.add("acme"); m.add(mac(i)); act.add("claim"); actor.add("partner-acme"); at.add(now); bef.add(null); aft.add(after(i)); }
                        p.setArray(1, c.createArrayOf("bigint", id.toArray())); p.setArray(2, c.createArrayOf("varchar", ten.toArray()));
                        p.setArray(3, c.createArrayOf("varchar", m.toArray())); p.setArray(4, c.createArrayOf("varchar", act.toArray()));
                        p.setArray(5, c.createArrayOf("varchar", actor.toArray())); p.setArray(6, c.createArrayOf("timestamptz", at.toArray()));
                        p.setArray(7, c.createArrayOf("text", bef.toArray())); p.setArray(8, c.createArrayOf("text", aft.toArray()));
                        p.executeUpdate();
                    }
                    aud += System.nanoTime() - t; t = System.nanoTime();
                    try (PreparedStatement p = c.prepareStatement(OUTBOX)) {
                        List<Object> id = new ArrayList<>(), eid = new ArrayList<>(), top = new ArrayList<>(), key = new ArrayList<>(), typ = new ArrayList<>(), env = new ArrayList<>(), at = new ArrayList<>();
                        for (int i = from; i < to; i++) { id.add((long) i); eid.add(UUID.randomUUID()); top.add("inventory-devices-bulk"); key.add(mac(i)); typ.add("device.registered"); env.add(envelope(i)); at.add(now); }
                        p.setArray(1, c.createArrayOf("bigint", id.toArray())); p.setArray(2, c.createArrayOf("uuid", eid.toArray()));
                        p.setArray(3, c.createArrayOf("varchar", top.toArray())); p.setArray(4, c.createArrayOf("varchar", key.toArray()));
                        p.setArray(5, c.createArrayOf("varchar", typ.toArray())); p.setArray(6, c.createArrayOf("text", env.toArray()));
                        p.setArray(7, c.createArrayOf("timestamptz", at.toArray()));
                        p.executeUpdate();
                    }
                    out += System.nanoTime() - t;
                }
            }
            long tc = System.nanoTime();
            c.commit();
            long commit = System.nanoTime() - tc;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) { s.execute("drop schema bulk_insert_bench cascade"); }
            System.out.printf("%-12s device %5d ms  audit %5d ms  outbox %5d ms  commit %4d ms  total %5d ms%n", v, dev / 1000000, aud / 1000000, out / 1000000, commit / 1000000, (System.nanoTime() - t0) / 1000000);
        }
    }
    static String esc(String s) { return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"); }
}
