package org.telprov.provisioning.device;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import java.util.function.IntFunction;

/**
 * The device read model in memory, so that finding what a device gets touches no database. It holds what the
 * {@code device} table holds; {@link DeviceProjection} writes both, and each entry keeps its version so a late write of
 * older state loses.
 *
 * <p>Compact so that a million devices fit in a small heap (as the redirect service's route table): an open-addressing
 * table of primitive arrays keyed by the MAC's 48 bits; tenants, (vendor, model) pairs, profile names and label sets
 * are stored once and referenced by index, so a device costs its slot (36 bytes) and its serial's bytes, at most 60 %
 * of the slots used.
 * Writes (events, the start-up load) take a lock; lookups read optimistically and only lock when a write overlapped.
 */
@ApplicationScoped
public class DeviceTable {

    /**
     * A device as inventory last described it; {@code profile} is {@code null} for a device without one,
     * {@code serial} for one without a serial.
     */
    public record Entry(String tenantId, String vendor, String model, String serial, String profile,
                        List<String> labels, boolean released, long version) {
    }

    private record Kind(String vendor, String model) {
    }

    private static final long EMPTY = -1L;
    private static final int NONE = -1;
    private static final int MIN_CAPACITY = 1024;

    private final StampedLock lock = new StampedLock();
    // Guarded by lock for writing; read optimistically (StampedLock.validate orders the reads).
    private Slots slots = new Slots(MIN_CAPACITY);
    private int size;
    private final Interned<String> tenants = new Interned<>(String[]::new);
    private final Interned<Kind> kinds = new Interned<>(Kind[]::new);
    private final Interned<String> profiles = new Interned<>(String[]::new);
    @SuppressWarnings("unchecked")
    private final Interned<List<String>> labelSets = new Interned<>(n -> (List<String>[]) new List[n]);
    private volatile boolean loaded;

    /** Values stored once, referenced by index; only ever grows (as the set of tenants, models, profiles, labels). */
    private static final class Interned<T> {
        private final IntFunction<T[]> arrays;
        private final Map<T, Integer> index = new HashMap<>();
        private T[] values;

        Interned(IntFunction<T[]> arrays) {
            this.arrays = arrays;
            this.values = arrays.apply(16);
        }

        int indexOf(T value) {
            Integer known = index.get(value);
            if (known != null) {
                return known;
            }
            int next = index.size();
            if (next == values.length) {
                T[] grown = arrays.apply(next * 2);
                System.arraycopy(values, 0, grown, 0, next);
                values = grown;
            }
            values[next] = value;
            index.put(value, next);
            return next;
        }

        T get(int i) {
            return values[i];
        }
    }

    /** Parallel arrays of one table size; replaced as a whole when the table grows. */
    private static final class Slots {
        final long[] keys;
        final long[] versions;
        /** The tenant's index, {@link #NONE} for a released device. */
        final int[] tenants;
        final int[] kinds;
        /** The profile name's index, {@link #NONE} for none. */
        final int[] profiles;
        final int[] labels;
        /** The serial's ASCII bytes (serials are letters, digits, '.', '_' and '-'), {@code null} for none. */
        final byte[][] serials;
        final int mask;

        Slots(int capacity) {
            keys = new long[capacity];
            Arrays.fill(keys, EMPTY);
            versions = new long[capacity];
            tenants = new int[capacity];
            kinds = new int[capacity];
            profiles = new int[capacity];
            labels = new int[capacity];
            serials = new byte[capacity][];
            mask = capacity - 1;
        }

        /** The slot holding the key, or the empty slot where it belongs. */
        int slotOf(long key) {
            int i = hash(key) & mask;
            for (int probes = 0; probes <= mask; probes++) {
                long held = keys[i];
                if (held == key || held == EMPTY) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Makes room for this many devices at once, so a bulk load does not grow the table step by step. */
    public void reserve(int devices) {
        long stamp = lock.writeLock();
        try {
            growTo(devices);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Holds the device's state unless the table holds it at this or a newer version.
     *
     * @param labels the labels comma-separated, as the {@code device} table has them
     * @return whether it was taken
     */
    public boolean put(long mac, String tenantId, String vendor, String model, String serial, String profile,
                       String labels, boolean released, long version) {
        long stamp = lock.writeLock();
        try {
            int slot = slots.slotOf(mac);
            if (slots.keys[slot] == mac && slots.versions[slot] >= version) {
                return false;
            }
            if (slots.keys[slot] == EMPTY) {
                if (growTo(size + 1)) {
                    slot = slots.slotOf(mac);
                }
                size++;
            }
            Slots s = slots;
            s.versions[slot] = version;
            s.tenants[slot] = released ? NONE : tenants.indexOf(tenantId);
            s.kinds[slot] = kinds.indexOf(new Kind(vendor, model));
            s.profiles[slot] = profile == null ? NONE : profiles.indexOf(profile);
            s.labels[slot] = labelSets.indexOf(labels == null || labels.isEmpty() ? List.of()
                    : List.of(labels.split(",")));
            s.serials[slot] = serial == null ? null : serial.getBytes(StandardCharsets.US_ASCII);
            s.keys[slot] = mac;
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The version held for the device, or -1 when the table has never seen it. */
    public long version(long mac) {
        long stamp = lock.readLock();
        try {
            int slot = slots.slotOf(mac);
            return slots.keys[slot] == mac ? slots.versions[slot] : -1;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The device's state; a released device is held too (its tenant is then {@code null}). */
    public Optional<Entry> find(long mac) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                Entry entry = read(mac);
                if (lock.validate(stamp)) {
                    return Optional.ofNullable(entry);
                }
            } catch (RuntimeException overlappedByAWrite) {
                // a half-done write was seen; read again under the lock
            }
        }
        stamp = lock.readLock();
        try {
            return Optional.ofNullable(read(mac));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public void markLoaded() {
        loaded = true;
    }

    /** True once the table holds everything the database held at start-up. */
    public boolean loaded() {
        return loaded;
    }

    private Entry read(long mac) {
        Slots s = slots;
        int slot = s.slotOf(mac);
        if (slot < 0 || s.keys[slot] != mac) {
            return null;
        }
        int tenant = s.tenants[slot];
        int profile = s.profiles[slot];
        Kind kind = kinds.get(s.kinds[slot]);
        byte[] serial = s.serials[slot];
        return new Entry(tenant == NONE ? null : tenants.get(tenant), kind.vendor(), kind.model(),
                serial == null ? null : new String(serial, StandardCharsets.US_ASCII),
                profile == NONE ? null : profiles.get(profile), labelSets.get(s.labels[slot]), tenant == NONE,
                s.versions[slot]);
    }

    /** @return true when the table was rebuilt larger (slot positions changed) */
    private boolean growTo(int devices) {
        int capacity = slots.keys.length;
        // at most 60 % full, so probe runs stay short and there is always an empty slot
        if (devices <= capacity * 0.6) {
            return false;
        }
        int wanted = Math.max(MIN_CAPACITY, Integer.highestOneBit((int) Math.ceil(devices / 0.6)) << 1);
        Slots old = slots;
        Slots grown = new Slots(wanted);
        for (int i = 0; i < old.keys.length; i++) {
            long key = old.keys[i];
            if (key != EMPTY) {
                int slot = grown.slotOf(key);
                grown.keys[slot] = key;
                grown.versions[slot] = old.versions[i];
                grown.tenants[slot] = old.tenants[i];
                grown.kinds[slot] = old.kinds[i];
                grown.profiles[slot] = old.profiles[i];
                grown.labels[slot] = old.labels[i];
                grown.serials[slot] = old.serials[i];
            }
        }
        slots = grown;
        return true;
    }
}
