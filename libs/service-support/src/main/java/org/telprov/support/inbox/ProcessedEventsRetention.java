package org.telprov.support.inbox;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * Forgets processed-event ids once their events can no longer be redelivered, so the table stops growing. The
 * retention ({@code telprov.inbox.retention}, default 30 days) must exceed the retention of every non-compacted topic
 * the service consumes (device-checkins: 7 days); events of compacted topics replayed after that are still applied
 * once, because their consumers also compare snapshot versions. Deletes in small batches, each its own transaction,
 * so no long lock holds up the consumers; every replica may run it.
 */
@ApplicationScoped
public class ProcessedEventsRetention {

    static final int BATCH = 10_000;

    private final EntityManager entityManager;
    private final Duration retention;

    public ProcessedEventsRetention(EntityManager entityManager,
                                    @ConfigProperty(name = "telprov.inbox.retention", defaultValue = "P30D") Duration retention) {
        this.entityManager = entityManager;
        this.retention = retention;
    }

    @Scheduled(every = "${telprov.inbox.retention-check:1h}", delayed = "${telprov.inbox.retention-check:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge(Instant.now().minus(retention));
    }

    /** Deletes the ids processed before {@code before}; returns how many. */
    public long purge(Instant before) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                            delete from processed_event where ctid in (
                              select ctid from processed_event where processed_at < ?1 limit ?2)""")
                    .setParameter(1, before)
                    .setParameter(2, BATCH)
                    .executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            Log.infof("Forgot %d processed-event ids older than %s", total, before);
        }
        return total;
    }
}
