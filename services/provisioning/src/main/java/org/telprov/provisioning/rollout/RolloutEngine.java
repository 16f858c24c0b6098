package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.RolloutSnapshot;
import org.telprov.provisioning.auth.DigestRefusals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What moves a rollout without a person: a batch of its devices' check-ins and the passing of time, each applied in
 * one transaction under the rollout row's lock and written as a person's command is ({@link RolloutWriter}), to the
 * run this replica kept from the rollout's last input when nobody moved it since ({@link RolloutRuns}).
 */
@ApplicationScoped
public class RolloutEngine {

    /** What one transaction of check-ins did to a rollout. */
    public record Applied(int checkins, boolean changed) {
    }

    private final RolloutStore store;
    private final RolloutWriter writer;
    private final RolloutAudience audience;
    private final RolloutService service;
    private final RolloutRuns runs;

    public RolloutEngine(RolloutStore store, RolloutWriter writer, RolloutAudience audience, RolloutService service,
                         RolloutRuns runs) {
        this.service = service;
        this.runs = runs;
        this.store = store;
        this.writer = writer;
        this.audience = audience;
    }

    /**
     * Applies the check-ins of the rollout's devices, in order, under its lock. Whether a check-in counts is judged by
     * its own time; the time passed with it is {@code clock}, the time of applying it, which stamps the offers it
     * causes (the next group's): a check-in applied late (a consumer that lagged, a Kafka outage) must not stamp them
     * in the past and cut their confirmation window short. Writes nothing when they change nothing: a redelivered
     * check-in finds its device settled or fetched already.
     */
    @Transactional
    public Applied applyCheckins(UUID id, List<DeviceCheckin> checkins, Instant clock) {
        Optional<RolloutStore.Stored> locked = store.lock(id, Optional.empty());
        if (locked.isEmpty()) {
            return new Applied(0, false);
        }
        RolloutStore.Stored stored = locked.get();
        RolloutRun run = runs.take(stored);
        Instant cap = micros(clock);
        List<Decision> decisions = new ArrayList<>();
        for (DeviceCheckin checkin : checkins) {
            decisions.addAll(run.checkin(checkin, cap));
        }
        // the time of applying them moves with every batch; alone it is no change worth a write (the run is kept
        // all the same: the row it was read from is still at that version)
        if (decisions.isEmpty() && !run.hasChangedDevices()) {
            runs.keepAfterCommit(id, stored.row().version(), run);
            return new Applied(checkins.size(), false);
        }
        RolloutStore.Stored saved = writer.write(stored, run, decisions, cap, null);
        runs.keepAfterCommit(id, saved.row().version(), run);
        audience.applied(id, stored.row().rollout().tenantId(), saved.row().version(), run);
        return new Applied(checkins.size(), true);
    }

    /**
     * Passes the time {@code now} to the rollout unless another transaction holds its lock (another replica's
     * scheduler advancing it right now: it is skipped, not waited for, so no tick is applied twice on stale state).
     *
     * @return whether the tick changed the rollout
     */
    @Transactional
    public boolean tick(UUID id, Instant now) {
        Optional<RolloutStore.Stored> locked = store.lockIfFree(id);
        if (locked.isEmpty()) {
            return false;
        }
        RolloutStore.Stored stored = locked.get();
        if (stored.status().ended()) {
            return false;
        }
        now = micros(now);
        Instant startAt = stored.row().rollout().startAt();
        if (stored.status() == RolloutStatus.READY && startAt != null && !now.isBefore(startAt)) {
            Optional<RolloutRefused> refused = service.startRefused(stored.row());
            if (refused.isPresent()) {
                // overtaken: nobody is there to be refused, and no later tick could start it; catching up: next tick
                return RolloutService.OVERTAKEN.equals(refused.get().code()) && overtaken(stored, now);
            }
        }
        RolloutRun run = runs.take(stored);
        Instant before = run.latest();
        RolloutStatus status = run.status();
        List<Decision> decisions = run.tick(now);
        // a start by time is announced as a person's start is
        boolean started = status == RolloutStatus.READY && run.status() != RolloutStatus.READY;
        if (!started && !changed(run, decisions, before)) {
            runs.keepAfterCommit(id, stored.row().version(), run);
            return false;
        }
        RolloutStore.Stored saved = writer.write(stored, run, decisions, now, started ? RolloutSnapshot.STARTED : null);
        runs.keepAfterCommit(id, saved.row().version(), run);
        return true;
    }

    /** Ends the locked rollout, overtaken before its start time came, with {@code rollout.overtaken}. */
    private boolean overtaken(RolloutStore.Stored stored, Instant now) {
        RolloutRun run = runs.take(stored);
        writer.write(stored, run, run.overtaken(), now, null);
        return true;
    }

    /**
     * Brings the device table's changes to a running or paused rollout: devices registered into or moved to its
     * profile (that its filter takes) join it, devices moved out or released leave it; for a firmware rollout, the
     * devices of its product whose release gets its channel, by the rule of its start ({@link RolloutService#takes}).
     * The device table is first compared without the rollout's lock, since it mostly brings nothing and the comparison
     * of 100,000 devices takes a while that the rollout's check-ins would otherwise wait for; only a change takes the
     * lock (skipped while another transaction holds it, like a tick) and is compared again under it.
     *
     * @return whether a device joined or left
     */
    @Transactional
    public boolean membership(UUID id, Instant now) {
        Optional<RolloutStore.Stored> seen = store.find(id, Optional.empty());
        if (seen.isEmpty() || !joinable(seen.get()) || nobodyMoves(seen.get().row())) {
            return false;
        }
        Optional<RolloutStore.Stored> locked = store.lockIfFree(id);
        if (locked.isEmpty() || !joinable(locked.get())) {
            return false;
        }
        RolloutStore.Stored stored = locked.get();
        RolloutRow row = stored.row();
        List<String> leaving = leaving(row);
        Set<String> joining = joining(row);
        if (leaving.isEmpty() && joining.isEmpty()) {
            return false;
        }
        RolloutRun run = runs.take(stored);
        Instant before = run.latest();
        now = micros(now);
        List<Decision> decisions = new ArrayList<>();
        for (String mac : leaving) {
            decisions.addAll(run.left(mac, now));
        }
        if (!joining.isEmpty()) {
            for (TargetDevice device : service.targetDevices(row, joining)) {
                decisions.addAll(run.joined(device, now));
            }
        }
        if (!changed(run, decisions, before)) {
            runs.keepAfterCommit(id, stored.row().version(), run);
            return false;
        }
        RolloutStore.Stored saved = writer.write(stored, run, decisions, now, null);
        runs.keepAfterCommit(id, saved.row().version(), run);
        return true;
    }

    private static boolean joinable(RolloutStore.Stored stored) {
        return !stored.status().ended();
    }

    private static boolean firmware(RolloutRow row) {
        return row.rollout().target().kind() == RolloutTarget.Kind.FIRMWARE;
    }

    private boolean nobodyMoves(RolloutRow row) {
        return leaving(row).isEmpty() && joining(row).isEmpty();
    }

    /**
     * The rollout's devices (not excluded) that left its target: no longer devices of its profile; of a firmware
     * rollout, no longer of its product or on a release that does not get its channel.
     */
    private List<String> leaving(RolloutRow row) {
        return firmware(row) ? service.channelLeaving(row)
                : store.leaving(row.id(), row.rollout().tenantId(), row.profile());
    }

    /**
     * The target's devices the rollout does not hold (or holds as having left) and its filter takes: the profile's, or
     * of a firmware rollout the product's that its start would take.
     */
    private Set<String> joining(RolloutRow row) {
        Set<String> joining = new HashSet<>();
        if (row.retryOf() != null) {
            // a retry is of the devices that failed, none other: the rest of the target stays out of it
            return joining;
        }
        for (RolloutStore.Candidate candidate : firmware(row) ? service.channelCandidates(row)
                : store.joining(row.id(), row.rollout().tenantId(), row.profile())) {
            if (row.filter().matches(candidate.mac(), candidate.model(), candidate.labels(), candidate.seenAt())) {
                joining.add(candidate.mac());
            }
        }
        return joining;
    }

    /**
     * Counts the Digest refusals of the rollout's devices, each at its own time, under the rollout's lock (waited
     * for: a refusal is counted once, by the replica that refused it).
     */
    @Transactional
    public boolean digestRefused(UUID id, List<DigestRefusals.Refused> refusals, Instant now) {
        Optional<RolloutStore.Stored> locked = store.lock(id, Optional.empty());
        if (locked.isEmpty() || locked.get().status().ended()) {
            return false;
        }
        RolloutStore.Stored stored = locked.get();
        RolloutRun run = runs.take(stored);
        Instant before = run.latest();
        now = micros(now);
        List<Decision> decisions = new ArrayList<>();
        for (DigestRefusals.Refused refused : refusals) {
            decisions.addAll(run.digestRefused(refused.mac(), micros(refused.at()), now));
        }
        if (!changed(run, decisions, before)) {
            runs.keepAfterCommit(id, stored.row().version(), run);
            return false;
        }
        RolloutStore.Stored saved = writer.write(stored, run, decisions, now, null);
        runs.keepAfterCommit(id, saved.row().version(), run);
        return true;
    }

    /** Whether an input changed anything worth a write: a decision, a device, or the time seen. */
    private static boolean changed(RolloutRun run, List<Decision> decisions, Instant before) {
        return !decisions.isEmpty() || run.hasChangedDevices()
                || (run.latest() != null && !run.latest().equals(before));
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
