package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
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

    private void put(UUID id, String tenantId, long version, long[] macs) {
        remove(id);
        rollouts.put(id, new Known(tenantId, version, macs));
        for (long mac : macs) {
            byMac.computeIfAbsent(mac, m -> new ArrayList<>(1)).add(id);
        }
    }

    private void remove(UUID id) {
        Known known = rollouts.remove(id);
        if (known == null) {
            return;
        }
        for (long mac : known.macs()) {
            List<UUID> ids = byMac.get(mac);
            if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) {
                    byMac.remove(mac);
                }
            }
        }
    }
}
