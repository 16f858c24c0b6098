package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.release.ResolvedRelease;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which release (and firmware artifact) a device gets, per MAC and UVC-or-current, kept in memory for a short TTL so a
 * device's steady state costs no query. Only answers are kept, never misses: a miss is keyed by whatever MAC or UVC a
 * client invents, and keeping it would let any client fill the cache (misses are paid for from the caller's probing
 * budget instead). Bounded in devices and in UVCs per device. Every write that can change the answer clears the cache
 * (or, for a device event, the device's entries) on the replica that takes it ({@link #invalidateOnCommit()}); other
 * replicas see it when their entries expire.
 */
@ApplicationScoped
public class DeviceReleaseCache {

    private static final Object INVALIDATIONS = new Object();

    private record Entry(Optional<ResolvedRelease> value, long expiresAt) {
    }

    /** What the caller's transaction invalidates again when it completes: everything, or these devices. */
    private static final class Invalidations {
        boolean all;
        final Set<String> macs = new HashSet<>();
    }

    private final TransactionSynchronizationRegistry transactions;
    private final long ttlNanos;
    private final int uvcsPerDevice;
    private final LongSupplier clock;
    /**
     * MAC → UVC ({@code null} for the current release) → entry, least recently used device first out. Guarded by
     * itself, together with {@link #generation}.
     */
    private final Map<String, Map<String, Entry>> entries;
    /** Bumped by every invalidation, so a lookup that raced a write does not put what it read before the write. */
    private long generation;

    @Inject
    public DeviceReleaseCache(TransactionSynchronizationRegistry transactions, ProvisioningConfig config) {
        this(transactions, config.releaseCache().size(), config.releaseCache().uvcsPerDevice(),
                config.releaseCache().ttl(), System::nanoTime);
    }

    DeviceReleaseCache(TransactionSynchronizationRegistry transactions, int capacity, int uvcsPerDevice, Duration ttl,
                       LongSupplier clock) {
        this.transactions = transactions;
        this.ttlNanos = ttl.toNanos();
        this.uvcsPerDevice = uvcsPerDevice;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, Entry>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The cached resolution of the device's release ({@code uvc} null for its current one), or the loaded one. An
     * empty answer (unknown device, no release, a UVC it is not served) is not kept. A loaded current release is also
     * kept as the answer for its own UVC: a booting Maxwell phone asks for the current release's updates file and then,
     * seconds later, for the settings file under that UVC, which is the same release.
     */
    public Optional<ResolvedRelease> get(String mac, String uvc, Supplier<Optional<ResolvedRelease>> load) {
        long loadedIn;
        synchronized (entries) {
            Map<String, Entry> device = entries.get(mac);
            Entry cached = device == null ? null : device.get(uvc);
            if (cached != null && clock.getAsLong() - cached.expiresAt() < 0) {
                return cached.value();
            }
            loadedIn = generation;
        }
        Optional<ResolvedRelease> loaded = load.get();
        long expiresAt = clock.getAsLong() + ttlNanos;
        synchronized (entries) {
            if (generation == loadedIn && loaded.isPresent()) {
                Map<String, Entry> device = entries.computeIfAbsent(mac, m -> new HashMap<>(4));
                Entry entry = new Entry(loaded, expiresAt);
                put(device, uvc, entry);
                if (uvc == null) {
                    put(device, loaded.get().device().uvc(), entry);
                }
            }
        }
        return loaded;
    }

    /** Keeps the entry unless the device already has its share of named UVCs (its current release always fits). */
    private void put(Map<String, Entry> device, String uvc, Entry entry) {
        if (uvc != null && !device.containsKey(uvc) && named(device) >= uvcsPerDevice) {
            // expired entries make room; a device asking for more live UVCs than that is not a phone
            long now = clock.getAsLong();
            device.values().removeIf(e -> now - e.expiresAt() >= 0);
            if (named(device) >= uvcsPerDevice) {
                return;
            }
        }
        device.put(uvc, entry);
    }

    private static int named(Map<String, Entry> device) {
        return device.size() - (device.containsKey(null) ? 1 : 0);
    }

    /** How many entries (device and UVC-or-current) the cache holds. */
    int size() {
        synchronized (entries) {
            return entries.values().stream().mapToInt(Map::size).sum();
        }
    }

    /** Forgets every entry now. */
    public void invalidate() {
        synchronized (entries) {
            generation++;
            entries.clear();
        }
    }

    /** Forgets the device's entries now (and whatever lookups of any device are loading). */
    public void invalidate(String mac) {
        synchronized (entries) {
            generation++;
            entries.remove(mac);
        }
    }

    /**
     * Forgets every entry now and again when the caller's transaction completes: the first keeps entries from before
     * the write out of the transaction's window, the second drops what lookups read meanwhile, before the write was
     * visible. Outside a transaction it only forgets now.
     */
    public void invalidateOnCommit() {
        invalidate();
        pending().ifPresent(invalidations -> invalidations.all = true);
    }

    /** Like {@link #invalidateOnCommit()}, for a write that changes what one device gets. */
    public void invalidateOnCommit(String mac) {
        invalidate(mac);
        pending().ifPresent(invalidations -> invalidations.macs.add(mac));
    }

    /** The invalidations the caller's transaction repeats when it completes; empty outside a transaction. */
    private Optional<Invalidations> pending() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return Optional.empty();
        }
        Invalidations invalidations = (Invalidations) transactions.getResource(INVALIDATIONS);
        if (invalidations != null) {
            return Optional.of(invalidations);
        }
        Invalidations registered = new Invalidations();
        transactions.putResource(INVALIDATIONS, registered);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (registered.all) {
                    invalidate();
                } else {
                    registered.macs.forEach(DeviceReleaseCache.this::invalidate);
                }
            }
        });
        return Optional.of(registered);
    }
}
