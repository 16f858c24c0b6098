package org.telprov.provisioning.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.telprov.provisioning.auth.DigestRefusals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves rollouts by time, every {@code telprov.rollouts.tick-every} (default 5 s) on every replica, with the check-in
 * stream's time ({@link CheckinStreamTime}): this replica's Digest refusals to the rollouts that offered their devices a
 * change, the device table's joins and leaves to running rollouts, and {@code tick} to the rollouts time may
 * move (a start time come, confirmation windows run out, a maintenance window open). Each rollout in a transaction of
 * its own under its row's lock; joins, leaves and ticks take it with {@code skip locked}: a rollout another replica is
 * advancing right now is left to it.
 */
@ApplicationScoped
public class RolloutScheduler {

    private static final Logger LOG = Logger.getLogger(RolloutScheduler.class);

    private final RolloutStore store;
    private final RolloutEngine engine;
    private final CheckinStreamTime time;
    private final DigestRefusals refusals;
    private final Counter ticked;

    public RolloutScheduler(RolloutStore store, RolloutEngine engine, CheckinStreamTime time, DigestRefusals refusals,
                            MeterRegistry registry) {
        this.refusals = refusals;
        this.store = store;
        this.engine = engine;
        this.time = time;
        this.ticked = Counter.builder("telprov.rollouts.ticks")
                .description("ticks that changed a rollout").register(registry);
    }

    /** Not while the application stops: its database pool and EntityManager close before the scheduler does. */
    @Scheduled(every = "${telprov.rollouts.tick-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        run();
    }

    /**
     * Applies the Digest refusals, joins and leaves, and ticks every rollout due, at the stream's time; nothing before
     * the stream has a time.
     *
     * @return how many rollouts the ticks changed
     */
    public int run() {
        Optional<Instant> now = time.advance();
        if (now.isEmpty()) {
            return 0;
        }
        int changed = digestRefusals(now.get());
        for (UUID id : store.liveIds()) {
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

    /** Counts this replica's Digest refusals since the last run against the rollouts waiting for those devices. */
    private int digestRefusals(Instant now) {
        Map<String, List<DigestRefusals.Refused>> byTenant = new HashMap<>();
        for (DigestRefusals.Refused refused : refusals.drain()) {
            byTenant.computeIfAbsent(refused.tenantId(), t -> new ArrayList<>()).add(refused);
        }
        int changed = 0;
        for (Map.Entry<String, List<DigestRefusals.Refused>> tenant : byTenant.entrySet()) {
            Map<String, List<UUID>> waiting = store.waitingIn(tenant.getKey(),
                    tenant.getValue().stream().map(DigestRefusals.Refused::mac).distinct().toList());
            Map<UUID, List<DigestRefusals.Refused>> byRollout = new LinkedHashMap<>();
            for (DigestRefusals.Refused refused : tenant.getValue()) {
                waiting.getOrDefault(refused.mac(), List.of())
                        .forEach(id -> byRollout.computeIfAbsent(id, k -> new ArrayList<>()).add(refused));
            }
            for (Map.Entry<UUID, List<DigestRefusals.Refused>> rollout : byRollout.entrySet()) {
                try {
                    if (engine.digestRefused(rollout.getKey(), rollout.getValue(), now)) {
                        changed++;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Counting Digest refusals of rollout %s failed", rollout.getKey());
                }
            }
        }
        return changed;
    }
}
