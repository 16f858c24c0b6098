package org.telprov.provisioning.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay protection for one replica: the highest nonce count accepted per nonce, so each (nonce, nc) pair is accepted
 * once and counts must increase. Bounded: when full, the entries seen longest ago are forgotten, and every nonce
 * issued no later than a forgotten, still valid one is refused from then on (its device gets a fresh nonce), so
 * forgetting never reopens a replay.
 */
public final class NonceCounts {

    /** What became of a nonce count. */
    public enum Outcome {
        ACCEPTED,
        /** Not above the count last accepted for the nonce. */
        REPLAYED,
        /** The nonce may have been forgotten: its device needs a fresh one. */
        FORGOTTEN
    }

    private record Seen(long issuedAt, long count) {
    }

    private final int capacity;
    private final long validityMillis;
    private final Map<String, Seen> seen = new LinkedHashMap<>();
    /** Nonces issued at or before this instant (epoch ms) may have been forgotten. */
    private long forgottenUpTo = Long.MIN_VALUE;

    public NonceCounts(int capacity, long validityMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.validityMillis = validityMillis;
    }

    /**
     * Accepts the count for the nonce if it is higher than any accepted before for it.
     *
     * @param issuedAt the nonce's issue time (epoch ms), from its verification
     * @param now      the current time (epoch ms), to drop entries whose nonces have expired anyway
     */
    public synchronized Outcome accept(String nonce, long issuedAt, long count, long now) {
        Seen before = seen.get(nonce);
        if (before == null && issuedAt <= forgottenUpTo) {
            return Outcome.FORGOTTEN;
        }
        if (before != null && count <= before.count()) {
            return Outcome.REPLAYED;
        }
        seen.remove(nonce);
        seen.put(nonce, new Seen(issuedAt, count));
        evict(now);
        return Outcome.ACCEPTED;
    }

    synchronized int size() {
        return seen.size();
    }

    private void evict(long now) {
        Iterator<Seen> oldest = seen.values().iterator();
        while (oldest.hasNext()) {
            Seen entry = oldest.next();
            boolean expired = entry.issuedAt() + validityMillis < now;
            if (!expired && seen.size() <= capacity) {
                return;
            }
            if (!expired) {
                forgottenUpTo = Math.max(forgottenUpTo, entry.issuedAt());
            }
            oldest.remove();
        }
    }
}
