package org.telprov.firmware.quota;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.firmware.FirmwareConfig;
import org.telprov.partner.Caller;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The storage quota of each scope (a tenant, or the platform) and what it uses: the sum of its artifacts' sizes. An
 * artifact counts with its full size in its scope even when its bytes are stored once for several artifacts: a
 * tenant's usage then never depends on what other tenants uploaded (nor reveals it), and deleting an artifact frees
 * exactly its size. Publishes the gauges {@code telprov.firmware.storage.used} and {@code telprov.firmware.storage.quota}
 * (bytes, tagged by scope).
 */
@ApplicationScoped
public class StorageQuotas {

    private final EntityManager entityManager;
    private final FirmwareConfig.Quota config;
    private final MultiGauge used;
    private final MultiGauge quotas;

    public StorageQuotas(EntityManager entityManager, FirmwareConfig config, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.config = config.quota();
        this.used = MultiGauge.builder("telprov.firmware.storage.used").baseUnit("bytes")
                .description("Bytes of firmware artifacts a scope keeps (each artifact counted in full)")
                .register(registry);
        this.quotas = MultiGauge.builder("telprov.firmware.storage.quota").baseUnit("bytes")
                .description("Bytes of firmware artifacts a scope may keep").register(registry);
    }

    /** The scope's quota in bytes: the one the operator set, else the platform's or the tenants' default. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long quota(String scope) {
        return set(scope).orElseGet(() -> defaultQuota(scope));
    }

    /** The quota the operator set for the scope, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Long> set(String scope) {
        @SuppressWarnings("unchecked")
        List<Number> rows = entityManager.createNativeQuery("select quota_bytes from scope_quota where scope = ?1")
                .setParameter(1, scope).getResultList();
        return rows.stream().findFirst().map(Number::longValue);
    }

    /** Bytes the scope's artifacts take, as committed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long used(String scope) {
        Number sum = (Number) entityManager.createNativeQuery(
                        "select coalesce(sum(size), 0) from artifact where scope = ?1")
                .setParameter(1, scope).getSingleResult();
        return sum.longValue();
    }

    /** Bytes the scope may still add, never negative (an operator may lower a quota below what a scope uses). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long room(String scope) {
        return Math.max(0, quota(scope) - used(scope));
    }

    /**
     * Within a publish's transaction: whether the scope's artifacts and the new bytes fit its quota. Takes the scope's
     * lock first, so concurrent uploads of one scope that each fit alone cannot together pass it.
     *
     * @throws ProblemException 413 {@code quota_exceeded} when they do not fit
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String scope, long bytes) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "quota:" + scope)
                .getSingleResult();
        if (used(scope) + bytes > quota(scope)) {
            throw exceeded(scope);
        }
    }

    /** Sets the scope's quota (the operator's), replacing the default. */
    @Transactional
    public void set(String scope, long bytes, String principal) {
        entityManager.createNativeQuery("""
                        insert into scope_quota (scope, quota_bytes, updated_at, updated_by) values (?1, ?2, ?3, ?4)
                        on conflict (scope) do update
                          set quota_bytes = excluded.quota_bytes, updated_at = excluded.updated_at,
                              updated_by = excluded.updated_by""")
                .setParameter(1, scope).setParameter(2, bytes)
                .setParameter(3, Instant.now().truncatedTo(ChronoUnit.MICROS)).setParameter(4, principal)
                .executeUpdate();
        refreshGauges();
    }

    /** Gives the scope its default quota again. */
    @Transactional
    public void reset(String scope) {
        entityManager.createNativeQuery("delete from scope_quota where scope = ?1").setParameter(1, scope)
                .executeUpdate();
        refreshGauges();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ProblemException exceeded(String scope) {
        return new ProblemException(413, "quota_exceeded", "Storage quota exceeded",
                "the upload does not fit the " + quota(scope) + " bytes of firmware this scope may keep ("
                        + used(scope) + " in use); delete artifacts that are no longer needed, or ask the operator "
                        + "for a larger quota. Nothing was stored");
    }

    /** Reads every scope's usage again for the gauges; also called by the writers within their transaction. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void refreshGauges() {
        Map<String, Long> set = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> quotaRows = entityManager.createNativeQuery("select scope, quota_bytes from scope_quota")
                .getResultList();
        quotaRows.forEach(row -> set.put((String) row[0], ((Number) row[1]).longValue()));
        Map<String, Long> usage = new TreeMap<>();
        usage.put(Caller.PLATFORM, 0L);
        set.keySet().forEach(scope -> usage.put(scope, 0L));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select scope, sum(size) from artifact group by scope")
                .getResultList();
        rows.forEach(row -> usage.put((String) row[0], ((Number) row[1]).longValue()));
        used.register(usage.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("scope", e.getKey()), e.getValue())).toList(), true);
        quotas.register(usage.keySet().stream()
                .map(scope -> MultiGauge.Row.of(Tags.of("scope", scope), set.getOrDefault(scope, defaultQuota(scope))))
                .toList(), true);
    }

    private long defaultQuota(String scope) {
        return (Caller.PLATFORM.equals(scope) ? config.platform() : config.tenant()).asLongValue();
    }

    void atStartup(@Observes StartupEvent event) {
        try {
            scheduledRefresh();
        } catch (RuntimeException e) {
            Log.warnf("Could not read the firmware storage usage yet; the gauges follow at the next refresh: %s", e);
        }
    }

    @Scheduled(every = "${telprov.firmware.quota.gauge-refresh:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void scheduledRefresh() {
        refreshGauges();
    }
}
