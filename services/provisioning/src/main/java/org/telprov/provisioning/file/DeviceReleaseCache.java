package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.telprov.provisioning.ProvisioningConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which release (and firmware artifact) a device gets, per MAC and UVC-or-current, kept in memory for a short TTL so a
 * device's steady state costs no query. Every write that can change the answer clears the whole cache on the replica
 * that takes it ({@link #invalidateOnCommit()}); other replicas see it when their entries expire.
 */
@ApplicationScoped
public class DeviceReleaseCache {

    private static final Object INVALIDATION_REGISTERED = new Object();

    private record Key(String mac, String uvc) {
    }

    private record Entry(Optional<DeviceFiles.Resolved> value, long expiresAt) {
    }

    private final TransactionSynchronizationRegistry transactions;
    private final long ttlNanos;
    private final LongSupplier clock;
    /** Guarded by itself, together with {@link #generation}. */
    private final Map<Key, Entry> entries;
    /** Bumped by every invalidation, so a lookup that raced a write does not put what it read before the write. */
    private long generation;

    @Inject
    public DeviceReleaseCache(TransactionSynchronizationRegistry transactions, ProvisioningConfig config) {
        this(transactions, config.releaseCache().size(), config.releaseCache().ttl(), System::nanoTime);
    }

    DeviceReleaseCache(TransactionSynchronizationRegistry transactions, int capacity, Duration ttl, LongSupplier clock) {
        this.transactions = transactions;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The cached resolution of the device's release ({@code uvc} null for its current one), or the loaded one. An
     * empty answer (unknown device, no release) is cached as well, for the same TTL.
     */
    public Optional<DeviceFiles.Resolved> get(String mac, String uvc, Supplier<Optional<DeviceFiles.Resolved>> load) {
        Key key = new Key(mac, uvc);
        long loadedIn;
        synchronized (entries) {
            Entry cached = entries.get(key);
            if (cached != null && clock.getAsLong() - cached.expiresAt() < 0) {
                return cached.value();
            }
            loadedIn = generation;
        }
        Optional<DeviceFiles.Resolved> loaded = load.get();
        long expiresAt = clock.getAsLong() + ttlNanos;
        synchronized (entries) {
            if (generation == loadedIn) {
                entries.put(key, new Entry(loaded, expiresAt));
            }
        }
        return loaded;
    }

    /** Forgets every entry now. */
    public void invalidate() {
        synchronized (entries) {
            generation++;
            entries.clear();
        }
    }

    /**
     * Forgets every entry now and again when the caller's transaction completes: the first keeps entries from before
     * the write out of the transaction's window, the second drops what lookups read meanwhile, before the write was
     * visible. Outside a transaction it only forgets now.
     */
    public void invalidateOnCommit() {
        invalidate();
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE
                || transactions.getResource(INVALIDATION_REGISTERED) != null) {
            return;
        }
        transactions.putResource(INVALIDATION_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                invalidate();
            }
        });
    }
}
