package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.EventKind;
import org.telprov.events.RolloutSnapshot;
import org.telprov.provisioning.firmware.FirmwareOffers;
import org.telprov.provisioning.profile.Profile;
import org.telprov.provisioning.profile.ProfileService;
import org.telprov.provisioning.profile.ReleaseSwitches;
import org.telprov.provisioning.release.Release;
import org.telprov.support.outbox.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what one input of a locked rollout decided, whoever applied it (a person's command, check-ins, the
 * scheduler's tick): the new state, the offers in routing and one event per decision a consumer can see, in the
 * input's transaction.
 */
@ApplicationScoped
public class RolloutWriter {

    private final RolloutStore store;
    private final Outbox outbox;
    private final ProfileService profiles;
    private final FirmwareOffers firmwareOffers;
    private final ReleaseSwitches switches;

    public RolloutWriter(RolloutStore store, Outbox outbox, ProfileService profiles, FirmwareOffers firmwareOffers,
                         ReleaseSwitches switches) {
        this.store = store;
        this.outbox = outbox;
        this.profiles = profiles;
        this.firmwareOffers = firmwareOffers;
        this.switches = switches;
    }

    /**
     * Saves the run of the locked rollout and announces its decisions ({@code first}, when given, before them).
     *
     * @return the rollout as saved
     * @throws RolloutRefused {@code target_busy} when the target's unique index refuses a second running rollout
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RolloutStore.Stored write(RolloutStore.Stored stored, RolloutRun run, List<Decision> decisions,
                                     Instant now, EventKind<RolloutSnapshot> first) {
        List<String> rolledBack = decisions.stream().filter(Decision.RollBack.class::isInstance)
                .map(d -> ((Decision.RollBack) d).mac()).toList();
        store.save(stored, run, rolledBack, now);
        route(stored.row(), decisions);
        RolloutStore.Stored saved = store.find(stored.row().id(), Optional.empty()).orElseThrow();
        List<EventKind<RolloutSnapshot>> kinds = new ArrayList<>();
        if (first != null) {
            kinds.add(first);
        }
        decisions.forEach(decision -> kind(decision).ifPresent(kinds::add));
        if (!kinds.isEmpty()) {
            RolloutSnapshot snapshot = snapshot(saved, run, now);
            kinds.forEach(kind -> outbox.publish(kind.event(snapshot, now)));
        }
        return saved;
    }

    /**
     * What the decisions change in which release or firmware a device gets: offers, withdrawals and rollbacks are rows
     * of {@code rollout_device} the profile's routes read, so the profile's routing version moves and every replica reads
     * them within the memory poll; a finished rollout widens its release to all. The profile's row is locked after
     * the rollout's (the lock order every writer keeps), the tenant's stamp lock after both: the devices switched
     * have their version moved ({@link ReleaseSwitches}), on a finish every device of the profile. A firmware
     * rollout's offers are read by the channel resolution (by the rollout's offers version), and its end changes
     * whether they apply; the channel itself is moved by the firmware service on {@code rollout.finished}.
     */
    private void route(RolloutRow row, List<Decision> decisions) {
        boolean finished = decisions.contains(new Decision.Ended(RolloutStatus.FINISHED));
        boolean offers = decisions.stream().anyMatch(d -> d instanceof Decision.Offer
                || d instanceof Decision.Withdraw || d instanceof Decision.RollBack);
        if (row.rollout().target().kind() == RolloutTarget.Kind.FIRMWARE) {
            if (offers || decisions.stream().anyMatch(Decision.Ended.class::isInstance)) {
                firmwareOffers.changed(row.id());
            }
            return;
        }
        if (!finished && !offers) {
            return;
        }
        Profile profile = row.profileId() == null ? null : Profile.findById(row.profileId());
        if (profile == null) {
            return;
        }
        if (finished) {
            Release.<Release>find("profileId = ?1 and uvc = ?2", profile.id, row.rollout().target().version())
                    .firstResultOptional().ifPresent(release -> release.audienceRollout = false);
        }
        profiles.routingChanged(profile);
        if (finished) {
            switches.widened(profile.tenantId, profile.name,
                    new ReleaseSwitches.Widening(profile.id, null, null, null), ReleaseSwitches.Cause.ROLLOUT);
        } else {
            switches.devices(profile.tenantId, decisions.stream().map(RolloutWriter::switched)
                    .filter(Objects::nonNull).toList(), ReleaseSwitches.Cause.ROLLOUT);
        }
    }

    /** The device whose release the decision changes, or {@code null}. */
    private static String switched(Decision decision) {
        if (decision instanceof Decision.Offer offer) {
            return offer.mac();
        }
        if (decision instanceof Decision.Withdraw withdraw) {
            return withdraw.mac();
        }
        return decision instanceof Decision.RollBack rollBack ? rollBack.mac() : null;
    }

    /** The event a decision is announced by; offers, withdrawals and rollbacks have none (progress is read). */
    private static Optional<EventKind<RolloutSnapshot>> kind(Decision decision) {
        if (decision instanceof Decision.GroupStarted) {
            return Optional.of(RolloutSnapshot.GROUP_STARTED);
        }
        if (decision instanceof Decision.AwaitingNextGroup) {
            return Optional.of(RolloutSnapshot.AWAITING_NEXT_GROUP);
        }
        if (decision instanceof Decision.Paused) {
            return Optional.of(RolloutSnapshot.PAUSED);
        }
        if (decision instanceof Decision.Resumed) {
            return Optional.of(RolloutSnapshot.RESUMED);
        }
        if (decision instanceof Decision.Ended ended) {
            return Optional.of(switch (ended.status()) {
                case FINISHED -> RolloutSnapshot.FINISHED;
                case CANCELLED -> RolloutSnapshot.CANCELLED;
                case STOPPED -> RolloutSnapshot.STOPPED;
                case OVERTAKEN -> RolloutSnapshot.OVERTAKEN;
                default -> throw new IllegalStateException("not a final status: " + ended.status());
            });
        }
        return Optional.empty();
    }

    static RolloutSnapshot snapshot(RolloutStore.Stored stored, RolloutRun run, Instant now) {
        Rollout rollout = stored.row().rollout();
        List<RolloutSnapshot.Group> groups = run.groups().stream().map(g -> new RolloutSnapshot.Group(g.index(),
                g.name(), RolloutStore.lower(g.status()), RolloutView.counts(g.devices()))).toList();
        List<RolloutSnapshot.Pause> pauses = run.pauseReasons().stream().map(p -> new RolloutSnapshot.Pause(
                RolloutStore.lower(p.kind()), p.group(), p.confirmed(), p.failed(), p.offered())).toList();
        return new RolloutSnapshot(rollout.id().toString(), rollout.tenantId(),
                RolloutStore.lower(rollout.target().kind()), rollout.target().key(), rollout.target().version(),
                RolloutStore.lower(run.status()), run.currentGroup(), groups, pauses, stored.row().version(), now);
    }
}
