package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.provisioning.release.PublishingOutsideRollouts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Ends the running or paused rollout of a profile when a release of it is published outside rollouts (for all, a
 * share or a label, a rollback): the profile's devices are then chosen a newer release than the rollout compares them
 * with. Its unsettled devices are excluded ({@code overtaken}) and {@code rollout.overtaken} goes out, in the publish's
 * transaction, so a publish that fails overtakes nothing.
 */
@ApplicationScoped
public class RolloutOvertaking {

    private final RolloutStore store;
    private final RolloutWriter writer;
    private final RolloutClock clock;

    public RolloutOvertaking(RolloutStore store, RolloutWriter writer, RolloutClock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    void onPublish(@Observes PublishingOutsideRollouts publish) {
        // the rollout's version is not part of the key: any rollout of the profile
        String key = RolloutTarget.release(publish.tenantId(), publish.profile(), "").key();
        Optional<UUID> running = store.running(key);
        if (running.isEmpty()) {
            return;
        }
        Optional<RolloutStore.Stored> locked = store.lock(running.get(), Optional.empty());
        if (locked.isEmpty() || locked.get().status().ended()) {
            return;
        }
        RolloutRun run = store.load(locked.get());
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        writer.write(locked.get(), run, run.overtaken(), now, null);
    }
}
