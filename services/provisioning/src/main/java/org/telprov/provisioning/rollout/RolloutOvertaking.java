package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.firmware.FirmwareChannelMoved;
import org.telprov.provisioning.release.PublishingOutsideRollouts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Ends the running or paused rollout of a profile when a release of it is published outside rollouts (for all, a
 * share or a label, a rollback): the profile's devices are then chosen a newer release than the rollout compares them
 * with. Its unsettled devices are excluded ({@code overtaken}) and {@code rollout.overtaken} goes out, in the publish's
 * transaction, so a publish that fails overtakes nothing. Likewise a firmware rollout when its channel moves to
 * another artifact than the rollout's (the tenant's channel, or the platform's for a tenant without one of that name),
 * in the transaction that applies the channel's event; a firmware rollout not started yet as well (a release rollout
 * not started yet is refused its start instead, {@link RolloutService#startRefused}).
 */
@ApplicationScoped
public class RolloutOvertaking {

    private final RolloutStore store;
    private final RolloutWriter writer;
    private final RolloutClock clock;
    private final FirmwareChannelLookup channels;

    public RolloutOvertaking(RolloutStore store, RolloutWriter writer, RolloutClock clock,
                             FirmwareChannelLookup channels) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.channels = channels;
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
        overtake(locked.get());
    }

    /**
     * A move of the channel to the rollout's own artifact overtakes nothing: it is the firmware service catching up
     * with a finished rollout (which has ended already), or a person doing by hand what the rollout was to do. A
     * rollout that has not started yet (waiting for approval or its start) is overtaken too, since its start would
     * offer its artifact over the one the channel was moved to; but not by the firmware service catching up with the
     * channel's previous rollout that finished (the first move since, to its artifact): a rollout created meanwhile
     * was created after that finish, and its start waits for this move ({@link RolloutService#startRefused}).
     */
    void onChannelMove(@Observes FirmwareChannelMoved move) {
        List<UUID> unended;
        if (move.tenantId() != null) {
            unended = store.unended(RolloutTarget.firmware(move.tenantId(), move.vendor(), move.product(),
                    move.channel(), move.artifactId(), "").key());
        } else {
            unended = store.unendedFirmware(move.vendor(), move.product(), move.channel());
        }
        for (UUID id : unended) {
            Optional<RolloutStore.Stored> locked = store.lock(id, Optional.empty());
            if (locked.isEmpty() || locked.get().status().ended()) {
                continue;
            }
            Rollout rollout = locked.get().row().rollout();
            // a platform-wide channel is the rollout's only while the tenant has none of that name of its own
            boolean shadowed = move.tenantId() == null && channels.own(rollout.tenantId(), move.vendor(),
                    move.product(), move.channel()).isPresent();
            if (shadowed || rollout.target().version().equals(move.artifactId())) {
                continue;
            }
            RolloutStatus status = locked.get().status();
            boolean started = status == RolloutStatus.RUNNING || status == RolloutStatus.PAUSED;
            if (started || !store.catchingUpNow(rollout.target().key(), move.artifactId())) {
                overtake(locked.get());
            }
        }
    }

    private void overtake(RolloutStore.Stored locked) {
        RolloutRun run = store.load(locked);
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        writer.write(locked, run, run.overtaken(), now, null);
    }
}
