package org.telprov.redirect.lookup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.redirect.RedirectConfig;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Limits unknown-MAC lookups per source address (a scanner walking MAC ranges), never lookups of known devices.
 *
 * <p>A generic cell rate algorithm over a fixed array: each slot holds one number, the time at which its addresses'
 * budget is whole again, updated lock-free. Memory is bounded whatever the number of addresses; addresses that hash
 * to the same slot share a budget.
 */
@ApplicationScoped
public class ProbeLimiter {

    private final AtomicLongArray refilledAt;
    private final int mask;
    private final long interval;
    private final long tolerance;
    private final long origin = System.nanoTime();
    private final Counter limited;

    public ProbeLimiter(RedirectConfig config, MeterRegistry registry) {
        RedirectConfig.Probing probing = config.probing();
        int slots = Integer.highestOneBit(Math.max(1, probing.slots()));
        this.refilledAt = new AtomicLongArray(slots);
        this.mask = slots - 1;
        this.interval = (long) (1_000_000_000L / probing.rate());
        this.tolerance = interval * Math.max(0, probing.burst() - 1);
        this.limited = Counter.builder("telprov.redirect.probes.limited")
                .description("unknown-MAC lookups answered 429 because their source address probed too fast")
                .register(registry);
    }

    /** Takes one unknown-MAC lookup from the address's budget; false (and counted) when there is none left. */
    public boolean tryUnknownLookup(String sourceAddress) {
        int h = sourceAddress == null ? 0 : sourceAddress.hashCode() * 0x9E3779B9;
        int slot = (h ^ (h >>> 16)) & mask;
        // relative to start-up so that a never-used slot (0) is always in the past
        long now = System.nanoTime() - origin;
        while (true) {
            long held = refilledAt.get(slot);
            long from = Math.max(held, now);
            if (from - now > tolerance) {
                limited.increment();
                return false;
            }
            if (refilledAt.compareAndSet(slot, held, from + interval)) {
                return true;
            }
        }
    }
}
