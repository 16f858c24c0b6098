package org.telprov.provisioning.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Which releases' HTTP Digest credentials each device holds ({@code device_credentials}): in the database, so every
 * replica knows what a device proved or was handed through any other.
 */
@ApplicationScoped
public class DeviceCredentialStore {

    /**
     * What a device holds within its tenant; {@code null} for what is unknown (never happened, or the release is gone).
     *
     * @param authenticated the release whose credentials the device last proved it holds
     * @param handed        the release whose credentials it was last handed, maybe not yet used
     */
    public record Held(UUID authenticated, UUID handed) {

        static final Held NOTHING = new Held(null, null);

        /** Whether the device ever proved it holds credentials: from then on it gets new ones only through Digest. */
        public boolean authenticatedOnce() {
            return authenticated != null;
        }
    }

    private final EntityManager entityManager;

    public DeviceCredentialStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What the device holds as a device of the tenant: nothing when it has no row or a row of another tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Held held(String mac, String tenantId) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select authenticated_release, handed_release from device_credentials
                        where mac = ?1 and tenant_id = ?2""")
                .setParameter(1, mac)
                .setParameter(2, tenantId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Held((UUID) row[0], (UUID) row[1])).orElse(Held.NOTHING);
    }

    /** The device answered Digest with the release's credentials. */
    @Transactional
    public void authenticated(String mac, String tenantId, UUID release) {
        record(mac, tenantId, "authenticated_release", release);
    }

    /** The device was handed the release's credentials. */
    @Transactional
    public void handed(String mac, String tenantId, UUID release) {
        record(mac, tenantId, "handed_release", release);
    }

    /** Forgets what the device holds (e.g. it was reset): its next fetch is a first stage again. */
    @Transactional
    public boolean forget(String mac, String tenantId) {
        return entityManager.createNativeQuery("delete from device_credentials where mac = ?1 and tenant_id = ?2")
                .setParameter(1, mac)
                .setParameter(2, tenantId)
                .executeUpdate() > 0;
    }

    /**
     * Sets one column; a row of another tenant (the MAC moved) starts over. Writes only what changes, so a device's
     * steady state costs no write.
     */
    private void record(String mac, String tenantId, String column, UUID release) {
        String other = column.equals("authenticated_release") ? "handed_release" : "authenticated_release";
        entityManager.createNativeQuery("""
                        insert into device_credentials (mac, tenant_id, %1$s, updated_at) values (?1, ?2, ?3, ?4)
                        on conflict (mac) do update set %1$s = excluded.%1$s, tenant_id = excluded.tenant_id,
                          %2$s = case when device_credentials.tenant_id = excluded.tenant_id
                                      then device_credentials.%2$s end,
                          updated_at = excluded.updated_at
                        where device_credentials.tenant_id <> excluded.tenant_id
                          or device_credentials.%1$s is distinct from excluded.%1$s""".formatted(column, other))
                .setParameter(1, mac)
                .setParameter(2, tenantId)
                .setParameter(3, release)
                .setParameter(4, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
    }
}
