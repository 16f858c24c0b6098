package org.telprov.provisioning.profile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Keeps a tenant's version stamps apart. A device's own version is the newest of its release's UVC and its settings
 * layers' change times, all to the second, so a change stamped with the same second as the stamp a device's version
 * already shows would change the device's files but not their version, and a phone that fetched in that second would
 * keep the old ones. Publishes and settings writes of one tenant therefore wait for each other ({@link #lock}) and
 * stamp themselves after every stamp they could share a device's version with: a release after the tenant's settings
 * layers, a device's layer after the tenant's releases and label groups (not after other devices' layers, so devices
 * written one after the other in a second keep that second), a label group or the tenant's defaults after all of them.
 * That costs a second of lead over the clock at most, per such collision.
 */
@ApplicationScoped
public class TenantStamps {

    /** The first key of the advisory lock, so that no other advisory lock of the database collides with these. */
    private static final int LOCK_CLASS = 0x55_56_43;

    private final EntityManager entityManager;

    public TenantStamps(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The newest stamps of a tenant's releases, label groups (and defaults) and devices' layers; null for none. */
    public record Newest(Instant release, Instant group, Instant device) {

        private static Instant after(Instant... stamps) {
            Instant newest = Uvc.newest(stamps);
            return newest == null ? null : newest.plusSeconds(1);
        }

        /** The earliest stamp a device's layer may take. */
        public Instant deviceFloor() {
            return after(release, group);
        }

        /** The earliest stamp a label group or the tenant's defaults may take. */
        public Instant groupFloor() {
            return after(release, group, device);
        }

        /** The newest settings stamp, after which a release's UVC comes ({@link Uvc#next}). */
        public Instant settings() {
            return Uvc.newest(group, device);
        }
    }

    /**
     * Takes the tenant's stamp lock until the transaction ends and reads its newest stamps.
     *
     * @param withDevices whether to read the devices' layers too (a scan of the tenant's rows; a device's own write
     *                    does not need them)
     */
    public Newest lock(String tenantId, boolean withDevices) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, tenantId);
                lock.execute();
            }
            try (PreparedStatement newest = connection.prepareStatement("""
                    select (select max(last_uvc_at) from profile where tenant_id = ?),
                           (select max(changed_at) from group_settings where tenant_id = ?),
                           case when ? then (select max(changed_at) from device_settings where tenant_id = ?) end""")) {
                newest.setString(1, tenantId);
                newest.setString(2, tenantId);
                newest.setBoolean(3, withDevices);
                newest.setString(4, tenantId);
                try (ResultSet row = newest.executeQuery()) {
                    row.next();
                    return new Newest(instant(row.getTimestamp(1)), instant(row.getTimestamp(2)),
                            instant(row.getTimestamp(3)));
                }
            }
        });
    }

    /**
     * Takes the stamp locks of several tenants until the transaction ends, in one statement and in the order of their
     * ids (so two such transactions never wait for each other crosswise), without reading their stamps: a later
     * statement reads them (one started before the lock was granted could miss a publish that held it).
     */
    public void lockAll(Collection<String> tenantIds) {
        if (tenantIds.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            // offset 0 keeps the sort below the lock calls, so the locks are taken in that order
            try (PreparedStatement lock = connection.prepareStatement("""
                    select pg_advisory_xact_lock(?, hashtext(t))
                      from (select t from unnest(cast(? as varchar[])) t order by t offset 0) tenants""")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setArray(2, connection.createArrayOf("varchar", new TreeSet<>(tenantIds).toArray()));
                lock.execute();
            }
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
