package org.telprov.provisioning.memory;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.support.transaction.AfterCompletion;

import java.util.Comparator;
import java.util.List;

/**
 * Keeps every {@link PolledMemory} of this replica current: loads them all at start-up (before the service takes
 * requests), polls them every {@code telprov.provisioning.memory.poll-interval} on a daemon thread (a write through
 * another replica), and refreshes them right after a transaction of this replica that changed them commits (so the
 * replica that took a write serves it from its next request on).
 */
@ApplicationScoped
public class MemoryPoller {

    private static final Object REFRESH = new Object();
    /** How long a writer waits for its refresh; the poller catches up later if the database is slow. */
    private static final long REFRESH_WAIT_NANOS = 5_000_000_000L;

    private final List<PolledMemory> memories;
    private final TransactionSynchronizationRegistry transactions;
    private final long intervalMillis;
    private volatile Thread thread;
    /** Refresh rounds asked for by writers, and the last one the poller finished; guarded by this. */
    private long requested;
    private long completed;

    public MemoryPoller(Instance<PolledMemory> memories, TransactionSynchronizationRegistry transactions,
                        ProvisioningConfig config) {
        this.memories = memories.stream().sorted(Comparator.comparingInt(PolledMemory::order)).toList();
        this.transactions = transactions;
        this.intervalMillis = Math.max(1, config.memory().pollInterval().toMillis());
    }

    /** Early, so that the memories are loaded before the other start-up work and the first request. */
    void start(@Observes @Priority(10) StartupEvent event) {
        long started = System.nanoTime();
        refreshAll();
        Log.infof("In memory: %s in %d ms", memories.stream().map(PolledMemory::name).toList(),
                (System.nanoTime() - started) / 1_000_000);
        Thread poller = new Thread(this::poll, "memory-poller");
        poller.setDaemon(true);
        thread = poller;
        poller.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread poller = thread;
        synchronized (this) {
            thread = null;
            notifyAll();
        }
        if (poller != null) {
            poller.interrupt();
        }
    }

    private void poll() {
        while (thread == Thread.currentThread()) {
            long round;
            synchronized (this) {
                try {
                    if (requested == completed) {
                        wait(intervalMillis);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                round = requested;
            }
            for (PolledMemory memory : memories) {
                try {
                    memory.refresh();
                } catch (RuntimeException e) {
                    // the database may be away for a moment: the memory stays as it was, the next round catches up
                    Log.warnf("Polling the in-memory %s failed: %s", memory.name(), e.toString());
                }
            }
            synchronized (this) {
                completed = Math.max(completed, round);
                notifyAll();
            }
        }
    }

    private void refreshAll() {
        for (PolledMemory memory : memories) {
            memory.refresh();
        }
    }

    /**
     * Has the poller refresh every memory now and waits for it (a while at most): the poller's thread reads outside
     * any transaction of the caller.
     */
    private void refreshNow() {
        if (thread == null) {
            refreshAll();
            return;
        }
        synchronized (this) {
            long round = ++requested;
            notifyAll();
            long deadline = System.nanoTime() + REFRESH_WAIT_NANOS;
            while (completed < round && thread != null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Refreshes every memory once the caller's transaction has committed (at once outside a transaction): for the
     * writes that change them, so this replica does not wait for its next poll.
     */
    public void refreshAfterCommit() {
        AfterCompletion.onceOnCommit(transactions, REFRESH, this::refreshNow);
    }
}
