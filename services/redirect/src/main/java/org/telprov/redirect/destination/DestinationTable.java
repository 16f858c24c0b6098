package org.telprov.redirect.destination;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;

/**
 * The routing read model in memory, so a lookup touches neither the database nor Kafka. It holds what the database
 * holds; {@link DestinationProjection} writes both, and each entry keeps its version so a late write of older state loses.
 *
 * <p>Compact so that a million devices fit in a small heap: devices live in an open-addressing table of primitive
 * arrays keyed by the MAC's 48 bits, tenants and (vendor, model) pairs are stored once and referenced by index, so a
 * device costs its slot (about 28 bytes at most 60 % load) plus its serial string. Writes (events, start-up load) take
 * a lock; lookups read optimistically and only lock when a write overlapped them.
 */
@ApplicationScoped
public class DestinationTable {

    /** A device's routing state; {@code tenantId == null} marks a released device. */
    public record Device(String tenantId, String vendor, String model, String serial, long version) {
    }

    /**
     * A tenant's URL template; {@code template == null} marks a suspended tenant. {@code clientCertificate}: its
     * phones are answered only when their TLS client certificate names the MAC they ask for.
     */
    public record Tenant(String template, boolean clientCertificate, long version) {
    }

    /** A routable device together with its tenant's URL template. */
    public record Route(String tenantId, String vendor, String model, String serial, UrlTemplate template,
                        boolean clientCertificate) {
    }

    private record Kind(String vendor, String model) {
    }

    private static final long EMPTY = -1L;
    private static final int RELEASED = -1;
    private static final int MIN_CAPACITY = 1024;

    private final StampedLock lock = new StampedLock();
    // Guarded by lock for writing; read optimistically (StampedLock.validate orders the reads).
    private Slots slots = new Slots(MIN_CAPACITY);
    private int size;
    private String[] tenantIds = new String[16];
    private Tenant[] tenantStates = new Tenant[16];
    /** Each tenant's template compiled, so that a lookup does not parse it again. */
    private UrlTemplate[] tenantTemplates = new UrlTemplate[16];
    private Kind[] kinds = new Kind[16];
    private final Map<String, Integer> tenantIndex = new HashMap<>();
    private final Map<Kind, Integer> kindIndex = new HashMap<>();
    private volatile boolean loaded;

    /** Parallel arrays of one table size; replaced as a whole when the table grows. */
    private static final class Slots {
        final long[] keys;
        final long[] versions;
        final int[] tenants;
        final int[] kinds;
        final String[] serials;
        final int mask;

        Slots(int capacity) {
            keys = new long[capacity];
            Arrays.fill(keys, EMPTY);
            versions = new long[capacity];
            tenants = new int[capacity];
            kinds = new int[capacity];
            serials = new String[capacity];
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
    void reserve(int devices) {
        long stamp = lock.writeLock();
        try {
            growTo(devices);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    void putDevice(long mac, Device device) {
        long stamp = lock.writeLock();
        try {
            int slot = slots.slotOf(mac);
            if (slots.keys[slot] == mac && slots.versions[slot] >= device.version()) {
                return;
            }
            if (slots.keys[slot] == EMPTY) {
                if (growTo(size + 1)) {
                    slot = slots.slotOf(mac);
                }
                size++;
            }
            Slots s = slots;
            s.versions[slot] = device.version();
            s.tenants[slot] = device.tenantId() == null ? RELEASED : tenantIndexOf(device.tenantId());
            s.kinds[slot] = kindIndexOf(new Kind(device.vendor(), device.model()));
            s.serials[slot] = device.serial();
            s.keys[slot] = mac;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    void putTenant(String id, Tenant tenant) {
        long stamp = lock.writeLock();
        try {
            int index = tenantIndexOf(id);
            Tenant held = tenantStates[index];
            if (held == null || tenant.version() > held.version()) {
                tenantStates[index] = tenant;
                tenantTemplates[index] = tenant.template() == null ? null : UrlTemplate.compile(tenant.template());
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The version held for the device, or -1 when the table has never seen it. */
    long deviceVersion(long mac) {
        long stamp = lock.readLock();
        try {
            int slot = slots.slotOf(mac);
            return slots.keys[slot] == mac ? slots.versions[slot] : -1;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The version held for the tenant, or -1 when the table has never seen it. */
    long tenantVersion(String id) {
        long stamp = lock.readLock();
        try {
            Integer index = tenantIndex.get(id);
            Tenant tenant = index == null ? null : tenantStates[index];
            return tenant == null ? -1 : tenant.version();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void markLoaded() {
        loaded = true;
    }

    /** True once the table holds everything the database held at start-up. */
    public boolean loaded() {
        return loaded;
    }

    /** The device's routing state and its tenant's URL template, when both are known and active. */
    public Optional<Route> route(long mac) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                Route route = find(mac);
                if (lock.validate(stamp)) {
                    return Optional.ofNullable(route);
                }
            } catch (RuntimeException overlappedByAWrite) {
                // a half-done write was seen; read again under the lock
            }
        }
        stamp = lock.readLock();
        try {
            return Optional.ofNullable(find(mac));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int deviceCount() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private Route find(long mac) {
        Slots s = slots;
        int slot = s.slotOf(mac);
        if (slot < 0 || s.keys[slot] != mac) {
            return null;
        }
        int tenant = s.tenants[slot];
        if (tenant == RELEASED) {
            return null;
        }
        UrlTemplate template = tenantTemplates[tenant];
        if (template == null) {
            return null;
        }
        Kind kind = kinds[s.kinds[slot]];
        return new Route(tenantIds[tenant], kind.vendor(), kind.model(), s.serials[slot], template,
                tenantStates[tenant].clientCertificate());
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
                grown.serials[slot] = old.serials[i];
            }
        }
        slots = grown;
        return true;
    }

    private int tenantIndexOf(String id) {
        Integer index = tenantIndex.get(id);
        if (index != null) {
            return index;
        }
        int next = tenantIndex.size();
        if (next == tenantIds.length) {
            tenantIds = Arrays.copyOf(tenantIds, next * 2);
            tenantStates = Arrays.copyOf(tenantStates, next * 2);
            tenantTemplates = Arrays.copyOf(tenantTemplates, next * 2);
        }
        tenantIds[next] = id;
        tenantIndex.put(id, next);
        return next;
    }

    private int kindIndexOf(Kind kind) {
        Integer index = kindIndex.get(kind);
        if (index != null) {
            return index;
        }
        int next = kindIndex.size();
        if (next == kinds.length) {
            kinds = Arrays.copyOf(kinds, next * 2);
        }
        kinds[next] = kind;
        kindIndex.put(kind, next);
        return next;
    }
}
