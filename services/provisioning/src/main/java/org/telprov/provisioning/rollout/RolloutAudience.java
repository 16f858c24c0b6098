package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The check-in consumer's memory of which devices a check-in can move: the MACs offered the change and not yet settled
 * of every running or paused rollout, so the check-in of any other device costs one map lookup. Kept by version: before
 * each polled batch, one statement reads the live rollouts' versions, and only a rollout whose version moved since
 * (another replica's tick, a person's command, another replica's check-ins) has its waiting devices read again; what
 * this consumer applied itself it puts in directly. An offer commits before the device can fetch the offered file, so
 * the batch holding its check-in always reads a memory that knows the offer.
 */
@ApplicationScoped
public class RolloutAudience {

    /** A live rollout as last read or put: its waiting MACs sorted. */
    private record Known(String tenantId, long version, long[] macs) {
    }

    private final RolloutStore store;
    private final Map<UUID, Known> rollouts = new HashMap<>();
    private final Map<Long, List<UUID>> byMac = new HashMap<>();

    public RolloutAudience(RolloutStore store) {
        this.store = store;
    }

    /** Reads the live rollouts' versions and the waiting devices of each that changed; forgets those that ended. */
    public synchronized void refresh() {
        Set<UUID> live = new HashSet<>();
        for (RolloutStore.Live rollout : store.live()) {
            live.add(rollout.id());
            Known known = rollouts.get(rollout.id());
            if (known == null || known.version() != rollout.version()) {
                put(rollout.id(), rollout.tenantId(), rollout.version(), store.waiting(rollout.id()));
            }
        }
        for (UUID id : new ArrayList<>(rollouts.keySet())) {
            if (!live.contains(id)) {
                remove(id);
            }
        }
    }

    /** Whether the device waits for its confirmation in any live rollout, of any tenant. */
    public synchronized boolean waits(long mac) {
        return byMac.containsKey(mac);
    }

    /** The rollouts of the tenant in which the device waits for its confirmation (mostly none, at most a few). */
    public synchronized List<UUID> rollouts(String tenantId, long mac) {
        List<UUID> ids = byMac.get(mac);
        if (ids == null) {
            return List.of();
        }
        return ids.stream().filter(id -> rollouts.get(id).tenantId().equals(tenantId)).toList();
    }

    /** What this consumer saved itself: the rollout's version and its devices still waiting, or its end. */
    public synchronized void applied(UUID id, String tenantId, long version, RolloutRun run) {
        if (run.status() != RolloutStatus.RUNNING && run.status() != RolloutStatus.PAUSED) {
            remove(id);
            return;
        }
        List<Long> macs = new ArrayList<>();
        for (DeviceState state : List.of(DeviceState.OFFERED, DeviceState.FETCHED)) {
            run.devices(state).forEach(device -> macs.add(Long.parseLong(device.mac(), 16)));
        }
        put(id, tenantId, version, macs.stream().mapToLong(Long::longValue).toArray());
    }

    /** How many devices the memory holds, over all live rollouts. */
    public synchronized int size() {
        return byMac.size();
    }

    /**
     * Holds the rollout's waiting MACs, touching only those that came or went since it was last put: after each
     * polled batch this replica puts a rollout's whole waiting group again (25,000 devices), of which a few hundred
     * settled.
     */
    private void put(UUID id, String tenantId, long version, long[] macs) {
        long[] now = macs.clone();
        Arrays.sort(now);
        Known known = rollouts.put(id, new Known(tenantId, version, now));
        long[] before = known == null ? new long[0] : known.macs();
        int i = 0;
        int j = 0;
        while (i < before.length || j < now.length) {
            if (j == now.length || i < before.length && before[i] < now[j]) {
                unindex(before[i++], id);
            } else if (i == before.length || now[j] < before[i]) {
                byMac.computeIfAbsent(now[j++], m -> new ArrayList<>(1)).add(id);
            } else {
                i++;
                j++;
            }
        }
    }

    private void remove(UUID id) {
        Known known = rollouts.remove(id);
        if (known == null) {
            return;
        }
        for (long mac : known.macs()) {
            unindex(mac, id);
        }
    }

    private void unindex(long mac, UUID id) {
        List<UUID> ids = byMac.get(mac);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                byMac.remove(mac);
            }
        }
    }
}
