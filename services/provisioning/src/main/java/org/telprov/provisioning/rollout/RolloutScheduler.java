package org.telprov.provisioning.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Drives {@code tick} of the rollouts time may move (a start time come, confirmation windows run out, a maintenance
 * window open), and brings the device table's joins and leaves to running release rollouts, every {@code telprov.rollouts.tick-every} (default 5 s) on every replica, with the check-in stream's
 * time ({@link CheckinStreamTime}). Each rollout is ticked in a transaction of its own under its row's lock, taken with
 * {@code skip locked}: a rollout another replica is advancing right now is left to it.
 */
@ApplicationScoped
public class RolloutScheduler {

    private static final Logger LOG = Logger.getLogger(RolloutScheduler.class);

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final CheckinStreamTime time;
    private final Counter ticked;

    public RolloutScheduler(RolloutStore store, RolloutEngine engine, CheckinStreamTime time, MeterRegistry registry) {
        this.store = store;
        this.engine = engine;
        this.time = time;
        this.ticked = Counter.builder("telprov.rollouts.ticks")
                .description("ticks that changed a rollout").register(registry);
    }

    @Scheduled(every = "${telprov.rollouts.tick-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /**
     * Ticks every rollout due at the stream's time; nothing before the stream has a time.
     *
     * @return how many rollouts the ticks changed
     */
    public int run() {
        Optional<Instant> now = time.advance();
        if (now.isEmpty()) {
            return 0;
        }
        int changed = 0;
        for (UUID id : store.liveReleases()) {
            try {
                if (engine.membership(id, now.get())) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Bringing the device table's changes to rollout %s failed", id);
            }
        }
        for (UUID id : store.due(now.get())) {
            try {
                if (engine.tick(id, now.get())) {
                    changed++;
                    ticked.increment();
                }
            } catch (RuntimeException e) {
                // one rollout's failure must not hold up the others; it is due again at the next run
                LOG.warnf(e, "Ticking rollout %s failed", id);
            }
        }
        return changed;
    }
}
