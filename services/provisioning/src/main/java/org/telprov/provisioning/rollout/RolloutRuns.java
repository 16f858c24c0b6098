package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The runs this replica saved last, kept in memory between inputs so that the next input of a rollout at the version
 * this replica wrote takes the run up without reading every device row again ({@link RolloutStore#load}: 100,000 rows
 * for every polled batch of check-ins). A run is taken out while an input works on it and kept again only once that
 * input's transaction committed, at the version it wrote: a run an input changed and whose transaction rolled back is
 * never seen again, and a rollout that another replica or a person moved since is at another version and loaded anew.
 * At most {@code telprov.rollouts.runs-kept} runs ({@link RolloutsConfig}; the least recently used goes), only of
 * running or paused rollouts.
 */
@ApplicationScoped
public class RolloutRuns {

    private record Kept(long version, RolloutRun run) {
    }

    private final RolloutStore store;
    private final TransactionSynchronizationRegistry transactions;
    private final int limit;
    // in access order: the least recently used first
    private final Map<UUID, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);

    @Inject
    public RolloutRuns(RolloutStore store, TransactionSynchronizationRegistry transactions, RolloutsConfig config) {
        this(store, transactions, config.runsKept());
    }

    RolloutRuns(RolloutStore store, TransactionSynchronizationRegistry transactions, int limit) {
        this.store = store;
        this.transactions = transactions;
        this.limit = limit;
    }

    /**
     * The run of the locked rollout as stored: the one kept at the stored version, taken out (the caller's input
     * changes it), else read from the rows.
     */
    public RolloutRun take(RolloutStore.Stored stored) {
        return take(stored.row().id(), stored.row().version()).orElseGet(() -> store.load(stored));
    }

    /** The run kept at exactly this version, taken out; empty when none is kept or it is at another version. */
    synchronized Optional<RolloutRun> take(UUID id, long version) {
        Kept run = kept.remove(id);
        return run != null && run.version() == version ? Optional.of(run.run()) : Optional.empty();
    }

    /**
     * Keeps the run at the version the current transaction wrote (or read, when it wrote nothing) once that
     * transaction commits; nothing when it rolls back, or when the rollout no longer runs or pauses.
     */
    public void keepAfterCommit(UUID id, long version, RolloutRun run) {
        if (!live(run)) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    keep(id, version, run);
                }
            }
        });
    }

    /** How many runs are kept. */
    synchronized int size() {
        return kept.size();
    }

    synchronized void keep(UUID id, long version, RolloutRun run) {
        kept.put(id, new Kept(version, run));
        while (kept.size() > limit) {
            kept.remove(kept.keySet().iterator().next());
        }
    }

    private static boolean live(RolloutRun run) {
        return run.status() == RolloutStatus.RUNNING || run.status() == RolloutStatus.PAUSED;
    }
}
