package org.telprov.provisioning.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.support.transaction.AfterCompletion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Which releases' HTTP Digest credentials each device holds ({@code device_credentials}): in the database, so every
 * replica knows what a device proved or was handed through any other, and what authenticated devices hold also in a
 * bounded memory of this replica ({@code telprov.provisioning.device-auth.credentials-cache-size}, about 160 bytes a
 * device), read without a lock from the event loops, so their steady state costs no query. Because another replica
 * may have moved a device on since, the memory is trusted only where a stale answer costs nothing but a second look:
 * a device that never authenticated (which gets the unauthenticated first stage) is always read from the database,
 * and a refusal re-reads the database once ({@link #confirmed}).
 * Writes go to the database and, once committed, to the memory.
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

    /**
     * What the memory holds of a device: its row's tenant and columns, one object (the release ids interned, so a
     * device costs its entry, not two more UUIDs).
     */
    private record Remembered(String tenantId, UUID authenticated, UUID handed) {

        Held held() {
            return new Held(authenticated, handed);
        }
    }

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    /**
     * MAC → what it holds, bounded (Caffeine's size eviction): read without a lock from the event loops; a device's
     * changes are applied atomically per MAC ({@code compute}).
     */
    private final Cache<String, Remembered> cache;
    /** One instance per release id held, however many devices hold it. */
    private final Interner<UUID> releaseIds = Interner.newWeakInterner();
    /** Bumped by every write, so a read that raced a write does not put what it read before the write. */
    private final AtomicLong writes = new AtomicLong();

    public DeviceCredentialStore(EntityManager entityManager, TransactionSynchronizationRegistry transactions,
                                 ProvisioningConfig config, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.cache = Caffeine.newBuilder().maximumSize(config.deviceAuth().credentialsCacheSize()).build();
        Gauge.builder("telprov.provisioning.device.auth.remembered", cache, Cache::estimatedSize)
                .description("Devices whose held Digest credentials this replica remembers").register(registry);
    }

    /**
     * What the device holds as a device of the tenant: nothing when it has no row or a row of another tenant. From
     * memory for a device that authenticated; a device that did not is read from the database every time.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Held held(String mac, String tenantId) {
        return remembered(mac, tenantId).orElseGet(() -> confirmed(mac, tenantId));
    }

    /**
     * What this replica's memory holds of a device of the tenant that authenticated, without the database; empty when
     * {@link #held} would read it (not remembered, or never authenticated).
     */
    public Optional<Held> remembered(String mac, String tenantId) {
        Remembered remembered = cache.getIfPresent(mac);
        if (remembered != null && remembered.tenantId().equals(tenantId) && remembered.authenticated() != null) {
            return Optional.of(remembered.held());
        }
        return Optional.empty();
    }

    /** What the device holds as a device of the tenant, read from the database (and remembered). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Held confirmed(String mac, String tenantId) {
        long before = writes.get();
        Held held = read(mac, tenantId);
        cache.asMap().compute(mac, (key, remembered) -> writes.get() != before ? remembered : remember(tenantId, held));
        return held;
    }

    @SuppressWarnings("unchecked")
    private Held read(String mac, String tenantId) {
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
        Optional<Held> written = record(mac, tenantId, "authenticated_release", release);
        afterCommit(mac, held -> written.orElse(held == null ? null : new Held(release, held.handed())), tenantId);
    }

    /** The device was handed the release's credentials. */
    @Transactional
    public void handed(String mac, String tenantId, UUID release) {
        Optional<Held> written = record(mac, tenantId, "handed_release", release);
        afterCommit(mac, held -> written.orElse(held == null ? null : new Held(held.authenticated(), release)),
                tenantId);
    }

    /** Forgets what the device holds (e.g. it was reset): its next fetch is a first stage again. */
    @Transactional
    public boolean forget(String mac, String tenantId) {
        afterCommit(mac, held -> null, tenantId);
        return entityManager.createNativeQuery("delete from device_credentials where mac = ?1 and tenant_id = ?2")
                .setParameter(1, mac)
                .setParameter(2, tenantId)
                .executeUpdate() > 0;
    }

    /**
     * Sets one column; a row of another tenant (the MAC moved) starts over. Writes only what changes, so a device's
     * steady state costs no write. Returns the row as written, empty when nothing changed.
     */
    @SuppressWarnings("unchecked")
    private Optional<Held> record(String mac, String tenantId, String column, UUID release) {
        String other = column.equals("authenticated_release") ? "handed_release" : "authenticated_release";
        List<Object[]> written = entityManager.createNativeQuery("""
                        insert into device_credentials (mac, tenant_id, %1$s, updated_at) values (?1, ?2, ?3, ?4)
                        on conflict (mac) do update set %1$s = excluded.%1$s, tenant_id = excluded.tenant_id,
                          %2$s = case when device_credentials.tenant_id = excluded.tenant_id
                                      then device_credentials.%2$s end,
                          updated_at = excluded.updated_at
                        where device_credentials.tenant_id <> excluded.tenant_id
                          or device_credentials.%1$s is distinct from excluded.%1$s
                        returning authenticated_release, handed_release""".formatted(column, other))
                .setParameter(1, mac)
                .setParameter(2, tenantId)
                .setParameter(3, release)
                .setParameter(4, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .getResultList();
        return written.stream().findFirst().map(row -> new Held((UUID) row[0], (UUID) row[1]));
    }

    /**
     * Changes what the memory holds of the device once the caller's transaction commits; a rollback forgets it. The
     * change gets what the memory holds for the device in the tenant ({@code null} for nothing, or a row of another
     * tenant, which the write starts over) and returns what to hold: the row as written when the write returned it,
     * so a device that just authenticated is remembered at once; {@code null} forgets the device, and its next request
     * reads it.
     */
    private void afterCommit(String mac, UnaryOperator<Held> change, String tenantId) {
        writes.incrementAndGet();
        AfterCompletion.run(transactions, () -> cache.asMap().compute(mac, (key, remembered) -> {
            writes.incrementAndGet();
            return remember(tenantId, change.apply(
                    remembered == null || !remembered.tenantId().equals(tenantId) ? null : remembered.held()));
        }), () -> cache.asMap().compute(mac, (key, remembered) -> {
            writes.incrementAndGet();
            return null;
        }));
    }

    /** What to remember of a device: nothing unless it authenticated (one that did not is always read). */
    private Remembered remember(String tenantId, Held held) {
        if (held == null || !held.authenticatedOnce()) {
            return null;
        }
        return new Remembered(tenantId, releaseIds.intern(held.authenticated()),
                held.handed() == null ? null : releaseIds.intern(held.handed()));
    }
}
