package org.telprov.support.probing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.WithDefault;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * A per-source-address budget of device-facing answers that reveal nothing (an unknown MAC, a refused link), so that
 * a scanner walking MAC ranges or forging links is slowed to {@code rate} a second; one mechanism for every service.
 *
 * <p>A generic cell rate algorithm over a fixed array: each slot holds one number, the time at which its addresses'
 * budget is whole again, updated lock-free. Memory is bounded whatever the number of addresses; addresses that hash
 * to the same slot share a budget.
 */
public final class ProbeBudget {

    /** A service's budget, under its own prefix ({@code telprov.<service>.probing}). */
    public interface Config {

        /** Answers that reveal nothing one address may get per second in the long run. */
        @WithDefault("10")
        double rate();

        /** Answers that reveal nothing one address may get at once before {@code rate} applies. */
        @WithDefault("30")
        int burst();

        /**
         * Size of the fixed state table (a power of two; 8 bytes each). Addresses share a slot when they hash alike,
         * so a busy table errs towards limiting sooner, never towards unbounded memory.
         */
        @WithDefault("65536")
        int slots();
    }

    private final AtomicLongArray refilledAt;
    private final int mask;
    private final long interval;
    private final long tolerance;
    private final LongSupplier clock;
    private final long origin;
    private final Counter limited;

    /** @param service names the counter, {@code telprov_<service>_probes_limited_total} */
    public ProbeBudget(Config config, String service, MeterRegistry registry) {
        this(config, service, registry, System::nanoTime);
    }

    ProbeBudget(Config config, String service, MeterRegistry registry, LongSupplier clock) {
        int slots = Integer.highestOneBit(Math.max(1, config.slots()));
        this.refilledAt = new AtomicLongArray(slots);
        this.mask = slots - 1;
        this.interval = (long) (1_000_000_000L / config.rate());
        this.tolerance = interval * Math.max(0, config.burst() - 1);
        this.clock = clock;
        this.origin = clock.getAsLong();
        this.limited = Counter.builder("telprov." + service + ".probes.limited")
                .description("device-facing requests answered 429 because their source address probed too much")
                .register(registry);
    }

    /** Takes one answer from the address's budget; false (and counted) when there is none left. */
    public boolean spend(String sourceAddress) {
        int slot = slot(sourceAddress);
        long now = now();
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

    /**
     * Whether the address has budget left, without spending any; false (and counted) when it has none, for a service
     * that refuses an exhausted address everything, so that a scan is not told apart by its hits.
     */
    public boolean allows(String sourceAddress) {
        if (refilledAt.get(slot(sourceAddress)) - now() > tolerance) {
            limited.increment();
            return false;
        }
        return true;
    }

    /** Relative to start-up, so that a never-used slot (0) is always in the past. */
    private long now() {
        return clock.getAsLong() - origin;
    }

    private int slot(String sourceAddress) {
        int h = sourceAddress == null ? 0 : sourceAddress.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
