package org.telprov.provisioning.device;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceCheckin;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps when each device last checked in, to the hour, in {@code device_seen} (V17): what a rollout's last-seen filter
 * reads. The rollout check-in consumer hands it each polled batch of {@code device-checkins} (redirect, provisioning
 * and firmware check-ins alike). A batch costs no statement when this replica remembers every device in it as recorded
 * for its hour already, else one statement for the others, which writes a row only where the hour moved: a boot storm
 * writes each phone once an hour however often it checks in, and a fleet checking in again within the hour costs
 * nothing.
 * <p>
 * A check-in counts for the claim its own tenant holds when it is recorded (the statement joins {@code device}), as in
 * inventory: one of a device since released, claimed by another tenant, or not heard of yet writes nothing. A release
 * deletes the row ({@link #released}), so a later claim starts as never seen.
 * <p>
 * The memory: the newest hour recorded, and the devices (MAC and tenant) whose row holds that hour already, at most
 * {@link #REMEMBERED} (a replica's partitions' devices checking in within one hour; about 6 MB when full); it starts
 * empty when the hour moves on. A device it does not hold costs a row of the batch's statement, never a write that
 * changes nothing, so a replica that took over partitions, or one that restarted, only writes what it has to.
 */
@ApplicationScoped
public class LastSeen {

    public static final String METRIC = "telprov.provisioning.last.seen";
    static final int REMEMBERED = 100_000;

    /**
     * The rows of the tenants' claims, written where the stored hour is older or another tenant's; answers each
     * claimed MAC and whether its row was written. The rows are locked in MAC order. The claim is looked up per row
     * (a lateral subquery with a limit, which the planner cannot turn into a join): before {@code device} has
     * statistics (right after an import) a join was planned as a hash join over the whole table, 100,000 rows read
     * for a batch of 500.
     */
    private static final String UPSERT = """
            with seen as (
                select c.mac, c.tenant_id, c.seen_at
                from unnest(?::bpchar[], ?::varchar[], ?::timestamptz[]) as c(mac, tenant_id, seen_at)
                cross join lateral (select 1 from device d
                                    where d.mac = c.mac and d.tenant_id = c.tenant_id and not d.released
                                    limit 1) claim),
            written as (
                insert into device_seen as s (mac, tenant_id, seen_at)
                select mac, tenant_id, seen_at from seen order by mac
                on conflict (mac) do update set tenant_id = excluded.tenant_id, seen_at = excluded.seen_at
                  where s.seen_at < excluded.seen_at or s.tenant_id <> excluded.tenant_id
                returning s.mac)
            select seen.mac, written.mac is not null from seen left join written on written.mac = seen.mac""";

    private final EntityManager entityManager;
    private final Clock clock;
    private final Counter remembered;
    private final Counter written;
    private final Counter unchanged;
    private final Counter unclaimed;
    private final Counter statements;
    private final Counter forgotten;

    // guarded by this: the newest hour recorded, the devices (MAC → tenant) whose row holds it, each tenant's id once,
    // and how many releases the projection told of (a batch written meanwhile remembers nothing: its rows may be gone)
    private Instant hour = Instant.EPOCH;
    private final Map<Long, String> recorded = new HashMap<>();
    private final Map<String, String> tenants = new HashMap<>();
    private long releases;

    @Inject
    public LastSeen(EntityManager entityManager, MeterRegistry registry) {
        this(entityManager, registry, Clock.systemUTC());
    }

    /** With a clock of its own: no check-in counts as later than its time. */
    LastSeen(EntityManager entityManager, MeterRegistry registry, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.remembered = counter(registry, "remembered", "check-ins of devices this replica knows recorded for "
                + "their hour already: no statement");
        this.written = counter(registry, "written", "check-ins whose device's last-seen hour moved");
        this.unchanged = counter(registry, "unchanged", "check-ins whose device's row held their hour already");
        this.unclaimed = counter(registry, "unclaimed", "check-ins of no device their tenant holds (released, "
                + "another tenant's, not heard of yet, unreadable)");
        this.forgotten = counter(registry, "forgotten", "rows of released devices deleted");
        this.statements = Counter.builder(METRIC + ".statements")
                .description("statements that recorded last-seen hours, at most one per polled batch")
                .register(registry);
        Gauge.builder(METRIC + ".remembered.devices", this, LastSeen::rememberedDevices)
                .description("devices this replica remembers as recorded for the newest hour").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome, String description) {
        return Counter.builder(METRIC).tag("outcome", outcome).description(description).register(registry);
    }

    /** A device's last-seen hour from its check-ins of one batch. */
    private record Seen(String mac, long bits, String tenantId, Instant hour, int checkins) {

        /** The check-in's device, tenant and hour (never after {@code now}); {@code null} when it lacks one. */
        static Seen of(DeviceCheckin checkin, Instant now) {
            String mac = checkin.mac();
            if (!isMac(mac) || checkin.tenantId() == null || checkin.at() == null) {
                return null;
            }
            Instant at = checkin.at().isAfter(now) ? now : checkin.at();
            return new Seen(mac, Long.parseLong(mac, 16), checkin.tenantId(), at.truncatedTo(ChronoUnit.HOURS), 1);
        }

        /** The newer of two (the later one of the same hour), counting both check-ins. */
        Seen merge(Seen later) {
            Seen newer = hour.isAfter(later.hour) ? this : later;
            return new Seen(mac, bits, newer.tenantId, newer.hour, checkins + later.checkins);
        }
    }

    /**
     * Records the check-ins' last-seen hours: those this replica does not know recorded already, in one statement of
     * its own transaction.
     */
    public void record(List<DeviceCheckin> checkins) {
        Instant now = clock.instant();
        // by MAC: the order the statement locks rows in, so two replicas' statements (partitions moving) do not deadlock
        Map<String, Seen> rows = new TreeMap<>();
        int known = 0;
        int unreadable = 0;
        long releasesBefore;
        synchronized (this) {
            releasesBefore = releases;
            for (DeviceCheckin checkin : checkins) {
                Seen seen = Seen.of(checkin, now);
                if (seen == null) {
                    unreadable++;
                } else if (remembers(seen)) {
                    known++;
                } else {
                    rows.merge(seen.mac(), seen, Seen::merge);
                }
            }
        }
        remembered.increment(known);
        unclaimed.increment(unreadable);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Boolean> claims = QuarkusTransaction.requiringNew().call(() -> upsert(rows.values()));
        statements.increment();
        int wrote = 0;
        int held = 0;
        int none = 0;
        synchronized (this) {
            boolean remember = releases == releasesBefore;
            for (Seen seen : rows.values()) {
                Boolean moved = claims.get(seen.mac());
                if (moved == null) {
                    none += seen.checkins();
                    continue;
                }
                if (moved) {
                    wrote += seen.checkins();
                } else {
                    held += seen.checkins();
                }
                if (remember) {
                    remember(seen);
                }
            }
        }
        written.increment(wrote);
        unchanged.increment(held);
        unclaimed.increment(none);
    }

    /**
     * Deletes the rows of these devices, released in the caller's transaction (the device projection's): a later claim
     * starts as never seen.
     */
    void released(Collection<String> macs) {
        if (macs.isEmpty()) {
            return;
        }
        int deleted = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Array array = connection.createArrayOf("varchar", macs.toArray());
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from device_seen where mac = any(?::bpchar[])")) {
                delete.setArray(1, array);
                return delete.executeUpdate();
            } finally {
                array.free();
            }
        });
        forgotten.increment(deleted);
    }

    /**
     * Forgets that a device was recorded when inventory released it or another tenant holds it now (every replica's
     * device projection tells it, whichever replica wrote the change): its next check-in goes to the table again.
     */
    synchronized void claimed(String mac, String tenantId, boolean released) {
        long bits = Long.parseLong(mac, 16);
        if (released) {
            releases++;
        }
        String tenant = recorded.get(bits);
        if (tenant != null && (released || !tenant.equals(tenantId))) {
            recorded.remove(bits);
        }
    }

    /**
     * Whether this replica knows the device's row holds the hour of a check-in sent at {@code sentAtMillis} or a later
     * one, for the tenant that holds the device now (from the record alone, for a consumer that would rather not read
     * the check-in); a check-in is made at or before it is sent.
     */
    public synchronized boolean knows(long mac, long sentAtMillis) {
        return !Instant.ofEpochMilli(sentAtMillis).truncatedTo(ChronoUnit.HOURS).isAfter(hour)
                && recorded.containsKey(mac);
    }

    /** Counts check-ins the consumer left unread since {@link #knows} knew their devices recorded. */
    public void rememberedUnread(int checkins) {
        remembered.increment(checkins);
    }

    /** Whether the device's row is known to hold this hour or a later one for the check-in's tenant. */
    private boolean remembers(Seen seen) {
        return !seen.hour().isAfter(hour) && seen.tenantId().equals(recorded.get(seen.bits()));
    }

    /** The device's row holds the hour (or a later one) now; remembered when it is the newest hour recorded. */
    private void remember(Seen seen) {
        if (seen.hour().isAfter(hour)) {
            hour = seen.hour();
            recorded.clear();
            tenants.clear();
        }
        if (seen.hour().equals(hour) && recorded.size() < REMEMBERED) {
            recorded.put(seen.bits(), tenants.computeIfAbsent(seen.tenantId(), t -> t));
        }
    }

    private synchronized int rememberedDevices() {
        return recorded.size();
    }

    private Map<String, Boolean> upsert(Collection<Seen> rows) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> upsert(connection, rows));
    }

    private static Map<String, Boolean> upsert(Connection connection, Collection<Seen> rows) throws SQLException {
        List<Array> arrays = List.of(
                connection.createArrayOf("varchar", rows.stream().map(Seen::mac).toArray()),
                connection.createArrayOf("varchar", rows.stream().map(Seen::tenantId).toArray()),
                connection.createArrayOf("varchar", rows.stream().map(s -> s.hour().toString()).toArray()));
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (int i = 0; i < arrays.size(); i++) {
                statement.setArray(i + 1, arrays.get(i));
            }
            Map<String, Boolean> claimed = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    claimed.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            return claimed;
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** 12 lower-case hex digits, as the device table keys devices. */
    private static boolean isMac(String mac) {
        if (mac == null || mac.length() != 12) {
            return false;
        }
        for (int i = 0; i < mac.length(); i++) {
            char c = mac.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
