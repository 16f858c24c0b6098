package org.telprov.provisioning.rollout;

import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.rollout.CheckinRules.Evidence;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The state machine of one rollout: plain logic without database, Kafka or clock. Every input (a person's command,
 * a check-in, a Digest refusal, a device joining or leaving the target, an overtaking publish, time passing) changes
 * the state and answers the {@link Decision}s the caller writes in the same transaction as the new state
 * (docs/rollouts.md). Time is what the caller passes in: the check-in stream's time, so that late check-ins after a
 * Kafka outage are not taken for silence.
 * <p>
 * Not thread-safe: one rollout's inputs are applied one at a time (later, under the rollout row's lock).
 */
public final class RolloutRun {

    /** The name of the dynamic last group, which takes the devices that join while the rollout runs. */
    public static final String DYNAMIC_GROUP = "dynamic";

    private final Rollout rollout;
    private final RolloutGuard guard;
    private final List<GroupRun> groups = new ArrayList<>();
    private final Map<String, DeviceRun> devices = new LinkedHashMap<>();
    /** Offered devices in the order offered, which is the order of their deadlines. */
    private final ArrayDeque<DeviceRun> deadlines = new ArrayDeque<>();
    private RolloutStatus status;
    /** The last group started; {@code -1} before the start. */
    private int current = -1;
    private String approvedBy;
    private List<PauseReason> pauseReasons = List.of();
    /** The latest time passed in: offers are stamped with time that never goes back, so deadlines stay in order. */
    private Instant latest = Instant.MIN;
    /** Devices changed since {@link #changedDevices} was last asked, so a store writes those rows only. */
    private final Map<String, DeviceRun> changed = new LinkedHashMap<>();

    private RolloutRun(Rollout rollout, RolloutGuard guard) {
        this.rollout = rollout;
        this.guard = guard;
        this.status = rollout.approvalRequired() ? RolloutStatus.AWAITING_APPROVAL : RolloutStatus.READY;
    }

    /**
     * A new rollout over the devices its target names now: each in its group ({@link Membership}), excluded when
     * pinned, when its dialect cannot receive the change, or when no group takes it.
     */
    public static RolloutRun plan(Rollout rollout, List<TargetDevice> targetDevices, RolloutGuard guard) {
        RolloutRun run = new RolloutRun(rollout, guard);
        for (int i = 0; i < rollout.groups().size(); i++) {
            Group group = rollout.groups().get(i);
            run.groups.add(new GroupRun(i, group.name(), rollout.conditionsOf(i)));
        }
        run.groups.add(new GroupRun(rollout.groups().size(), DYNAMIC_GROUP, rollout.conditionsOf(Integer.MAX_VALUE)));
        List<TargetDevice> eligible = new ArrayList<>();
        for (TargetDevice device : targetDevices) {
            Optional<Reason> excluded = run.exclusion(device);
            if (excluded.isPresent()) {
                run.put(DeviceRun.excluded(device, excluded.get()));
            } else {
                eligible.add(device);
            }
        }
        Map<String, Integer> groupOf = Membership.assign(rollout.id(), rollout.groups(), eligible);
        for (TargetDevice device : eligible) {
            int group = groupOf.get(device.mac());
            if (group == Membership.NONE) {
                run.put(DeviceRun.excluded(device, Reason.IN_NO_GROUP));
            } else {
                run.schedule(device, group);
            }
        }
        return run;
    }

    /**
     * The run a store kept: the rollout's definition and the state {@link #state} answered, taken up where it
     * stopped (its devices waiting, its deadlines in order, its groups' counts from their devices).
     */
    public static RolloutRun restore(Rollout rollout, RunState state, RolloutGuard guard) {
        RolloutRun run = new RolloutRun(rollout, guard);
        for (int i = 0; i < rollout.groups().size(); i++) {
            run.groups.add(new GroupRun(i, rollout.groups().get(i).name(), rollout.conditionsOf(i)));
        }
        run.groups.add(new GroupRun(rollout.groups().size(), DYNAMIC_GROUP, rollout.conditionsOf(Integer.MAX_VALUE)));
        if (state.groups().size() != run.groups.size()) {
            throw new IllegalArgumentException("the rollout has " + run.groups.size() + " groups, the state "
                    + state.groups().size());
        }
        for (RunState.GroupState group : state.groups()) {
            GroupRun restored = run.groups.get(group.index());
            restored.status = group.status();
            restored.errorSeen = group.errorSeen();
        }
        run.status = state.status();
        run.current = state.currentGroup();
        run.approvedBy = state.approvedBy();
        run.pauseReasons = state.pauseReasons();
        run.latest = state.latest() == null ? Instant.MIN : state.latest();
        List<DeviceRun> waitingForDeadline = new ArrayList<>();
        for (RunState.DeviceRecord record : state.devices()) {
            DeviceRun device = DeviceRun.of(record);
            run.devices.put(device.mac, device);
            if (device.group >= 0) {
                GroupRun group = run.groups.get(device.group);
                group.add(device.state);
                if (device.state == DeviceState.SCHEDULED) {
                    group.waiting.add(device);
                }
            }
            if (device.state == DeviceState.OFFERED || device.state == DeviceState.FETCHED) {
                waitingForDeadline.add(device);
            }
        }
        waitingForDeadline.sort(Comparator.comparing((DeviceRun d) -> d.offeredAt));
        run.deadlines.addAll(waitingForDeadline);
        return run;
    }

    // ---- commands of a person

    /**
     * Approval by a second person.
     *
     * @throws RolloutRefused {@code not_awaiting_approval}; {@code approver_is_creator}
     */
    public List<Decision> approve(String by) {
        if (status != RolloutStatus.AWAITING_APPROVAL) {
            throw new RolloutRefused("not_awaiting_approval", "the rollout is " + status);
        }
        if (rollout.createdBy().equals(by)) {
            throw new RolloutRefused("approver_is_creator", "a rollout is approved by someone other than its creator");
        }
        approvedBy = by;
        status = RolloutStatus.READY;
        return List.of();
    }

    /**
     * Starts the first group.
     *
     * @throws RolloutRefused {@code approval_required}; {@code not_ready} (started or ended); {@code target_busy}
     *                        when another rollout runs or pauses on the same profile or channel
     */
    public List<Decision> start(Instant now) {
        if (status == RolloutStatus.AWAITING_APPROVAL) {
            throw new RolloutRefused("approval_required", "the rollout waits for its approval");
        }
        if (status != RolloutStatus.READY) {
            throw new RolloutRefused("not_ready", "the rollout is " + status);
        }
        Optional<UUID> running = guard.running(rollout.target().key());
        if (running.isPresent() && !running.get().equals(rollout.id())) {
            throw new RolloutRefused("target_busy", "rollout " + running.get() + " runs on " + rollout.target().key());
        }
        now = advanceTo(now);
        List<Decision> decisions = new ArrayList<>();
        status = RolloutStatus.RUNNING;
        startGroup(0, now, decisions);
        evaluate(now, decisions);
        return decisions;
    }

    /**
     * Stops offering; devices offered already go on settling.
     *
     * @throws RolloutRefused {@code not_running}
     */
    public List<Decision> pause() {
        if (status != RolloutStatus.RUNNING) {
            throw new RolloutRefused("not_running", "the rollout is " + status);
        }
        return pause(List.of(PauseReason.byHand()));
    }

    /**
     * Runs again: the error conditions that held are taken as seen (they pause no more), waiting devices are
     * offered, and a group that settled below its success condition is passed, so the next group starts.
     *
     * @throws RolloutRefused {@code not_paused}
     */
    public List<Decision> resume(Instant now) {
        if (status != RolloutStatus.PAUSED) {
            throw new RolloutRefused("not_paused", "the rollout is " + status);
        }
        now = advanceTo(now);
        List<Decision> decisions = new ArrayList<>();
        status = RolloutStatus.RUNNING;
        pauseReasons = List.of();
        decisions.add(new Decision.Resumed());
        for (GroupRun group : started()) {
            if (group.errorConditionHolds()) {
                group.errorSeen = true;
            }
        }
        GroupRun group = groups.get(current);
        if (group.status == GroupStatus.RUNNING && group.count(DeviceState.SCHEDULED) == 0 && group.unsettled() == 0
                && !group.successConditionHolds()) {
            group.status = GroupStatus.PASSED;
            if (current < lastGroup()) {
                startGroup(current + 1, now, decisions);
            }
        }
        offerDue(now, decisions);
        evaluate(now, decisions);
        return decisions;
    }

    /**
     * Starts the next group whatever the current one's conditions say.
     *
     * @throws RolloutRefused {@code not_running}; {@code no_next_group}
     */
    public List<Decision> nextGroup(Instant now) {
        if (status != RolloutStatus.RUNNING) {
            throw new RolloutRefused("not_running", "the rollout is " + status);
        }
        if (current == lastGroup()) {
            throw new RolloutRefused("no_next_group", "the last group runs");
        }
        now = advanceTo(now);
        GroupRun group = groups.get(current);
        group.status = group.status == GroupStatus.WAITING ? GroupStatus.SUCCEEDED : GroupStatus.PASSED;
        List<Decision> decisions = new ArrayList<>();
        startGroup(current + 1, now, decisions);
        evaluate(now, decisions);
        return decisions;
    }

    /**
     * Ends the rollout: devices not reached stay on what they had, devices reached keep the change.
     *
     * @throws RolloutRefused {@code ended}
     */
    public List<Decision> cancel() {
        requireNotEnded();
        return end(RolloutStatus.CANCELLED);
    }

    /**
     * Emergency stop: ends the rollout and gives every device it reached (confirmed, failed or waiting) back its
     * previous version, at once, maintenance window or not.
     *
     * @throws RolloutRefused {@code not_started}; {@code ended}
     */
    public List<Decision> stopAndRollBack() {
        requireNotEnded();
        if (status != RolloutStatus.RUNNING && status != RolloutStatus.PAUSED) {
            throw new RolloutRefused("not_started", "nothing was offered yet: cancel instead");
        }
        List<Decision> decisions = new ArrayList<>();
        for (DeviceRun device : devices.values()) {
            if (device.state.offered()) {
                decisions.add(new Decision.RollBack(device.mac, device.previousVersion));
            }
        }
        decisions.addAll(end(RolloutStatus.STOPPED));
        return decisions;
    }

    // ---- what devices and the platform do

    /**
     * Time passed: the start time, the maintenance window opening and confirmation windows running out. Windows run out
     * at {@code now} itself, the check-in stream's time, never at a later time seen before: a check-in's own time (or a
     * person's command, at the clock) says nothing of the check-ins still waiting in partitions that lag behind it, and
     * a device whose confirmation waits there must not time out.
     */
    public List<Decision> tick(Instant now) {
        if (status == RolloutStatus.READY && rollout.startAt() != null && !now.isBefore(rollout.startAt())) {
            try {
                return start(now);
            } catch (RolloutRefused busy) {
                // the target is busy: try again at the next tick
                return List.of();
            }
        }
        if (status != RolloutStatus.RUNNING && status != RolloutStatus.PAUSED) {
            return List.of();
        }
        Instant streamTime = now;
        now = advanceTo(now);
        List<Decision> decisions = new ArrayList<>();
        while (!deadlines.isEmpty() && streamTime.isAfter(deadline(deadlines.peek()))) {
            DeviceRun device = deadlines.poll();
            if (device.state == DeviceState.OFFERED) {
                move(device, DeviceState.TIMED_OUT, Reason.NO_CHECKIN);
            } else if (device.state == DeviceState.FETCHED) {
                move(device, DeviceState.FAILED, incompleteReason(device));
            }
        }
        offerDue(now, decisions);
        evaluate(now, decisions);
        return decisions;
    }

    /** A check-in of one of the rollout's devices; counts when made between the offer and the window's end. */
    public List<Decision> checkin(DeviceCheckin checkin, Instant now) {
        DeviceRun device = awaiting(checkin.mac(), checkin.at());
        if (device == null) {
            return List.of();
        }
        RolloutTarget target = rollout.target();
        Evidence evidence = target.kind() == RolloutTarget.Kind.RELEASE
                ? CheckinRules.release(device.dialect, target.version(), checkin)
                : CheckinRules.firmware(device.dialect, target.version(), target.firmwareVersion(),
                device.downloadedAt != null && checkin.at().isAfter(device.downloadedAt), checkin);
        switch (evidence) {
            case CONFIRMED -> move(device, DeviceState.CONFIRMED, null);
            case DOWNLOADED -> {
                if (device.downloadedAt == null) {
                    device.downloadedAt = checkin.at();
                    changed.put(device.mac, device);
                }
                move(device, DeviceState.FETCHED, null);
            }
            case PARTIAL -> move(device, DeviceState.FETCHED, null);
            case NONE -> {
                return List.of();
            }
        }
        List<Decision> decisions = new ArrayList<>();
        evaluate(advanceTo(now), decisions);
        return decisions;
    }

    /** The device's Digest credentials were refused at {@code at}; the limit of them after the offer fails it. */
    public List<Decision> digestRefused(String mac, Instant at, Instant now) {
        DeviceRun device = awaiting(mac, at);
        if (device == null) {
            return List.of();
        }
        device.refusals++;
        changed.put(device.mac, device);
        if (device.refusals < rollout.digestRefusalLimit()) {
            return List.of();
        }
        move(device, DeviceState.FAILED, Reason.DIGEST_REFUSED);
        List<Decision> decisions = new ArrayList<>();
        evaluate(advanceTo(now), decisions);
        return decisions;
    }

    /**
     * A device joined the target while the rollout runs (registered, moved into the profile, now matching the
     * filter): it joins the dynamic last group, offered as soon as that group runs. A device that is part of the
     * rollout already is left as it is.
     */
    public List<Decision> joined(TargetDevice device, Instant now) {
        if (status.ended()) {
            return List.of();
        }
        DeviceRun known = devices.get(device.mac());
        if (known != null && known.reason != Reason.LEFT_TARGET) {
            return List.of();
        }
        if (known != null && known.group >= 0) {
            // it is counted in the dynamic group now (or excluded before any group), no longer as excluded from its
            // first group
            groups.get(known.group).remove(DeviceState.EXCLUDED);
        }
        Optional<Reason> excluded = exclusion(device);
        if (excluded.isPresent()) {
            put(DeviceRun.excluded(device, excluded.get()));
            return List.of();
        }
        schedule(device, lastGroup());
        now = advanceTo(now);
        List<Decision> decisions = new ArrayList<>();
        offerDue(now, decisions);
        evaluate(now, decisions);
        return decisions;
    }

    /**
     * A device left the target (another profile, released, no longer matching the filter): excluded from its group's
     * counts, its offer withdrawn unless it confirmed; its group is evaluated again, since it may have been the last
     * device the group waited for.
     */
    public List<Decision> left(String mac, Instant now) {
        DeviceRun device = devices.get(mac);
        if (device == null || status.ended() || device.state == DeviceState.EXCLUDED) {
            return List.of();
        }
        List<Decision> decisions = new ArrayList<>();
        if (device.state == DeviceState.OFFERED || device.state == DeviceState.FETCHED) {
            decisions.add(new Decision.Withdraw(mac));
        }
        move(device, DeviceState.EXCLUDED, Reason.LEFT_TARGET);
        evaluate(advanceTo(now), decisions);
        return decisions;
    }

    /**
     * A newer publish took the target's place (a release of the profile published outside the rollout, the channel
     * moved to another image): the rollout ends, its unsettled devices are excluded; they get the newer version.
     */
    public List<Decision> overtaken() {
        if (status.ended()) {
            return List.of();
        }
        for (DeviceRun device : devices.values()) {
            if (!device.state.settled()) {
                move(device, DeviceState.EXCLUDED, Reason.OVERTAKEN);
            }
        }
        return end(RolloutStatus.OVERTAKEN);
    }

    // ---- progress

    public RolloutStatus status() {
        return status;
    }

    public Rollout rollout() {
        return rollout;
    }

    /** The last group started, {@code -1} before the start. */
    public int currentGroup() {
        return current;
    }

    public Optional<String> approvedBy() {
        return Optional.ofNullable(approvedBy);
    }

    /** Why the rollout pauses; empty unless paused. */
    public List<PauseReason> pauseReasons() {
        return pauseReasons;
    }

    /** Every group in order, the dynamic last group included. */
    public List<GroupProgress> groups() {
        return groups.stream().map(GroupRun::progress).toList();
    }

    /** Devices by state over all groups, the excluded ones included. */
    public Map<DeviceState, Integer> total() {
        Map<DeviceState, Integer> total = new EnumMap<>(DeviceState.class);
        for (DeviceRun device : devices.values()) {
            total.merge(device.state, 1, Integer::sum);
        }
        return total;
    }

    /**
     * The devices in one state, in the order they joined the rollout: a page of progress, or the failed devices
     * that a new rollout retries.
     */
    public List<DeviceProgress> devices(DeviceState state) {
        return devices.values().stream().filter(d -> d.state == state)
                .map(d -> new DeviceProgress(d.mac, d.group, d.state, d.reason, d.offeredAt)).toList();
    }

    public Optional<DeviceProgress> device(String mac) {
        return Optional.ofNullable(devices.get(mac))
                .map(d -> new DeviceProgress(d.mac, d.group, d.state, d.reason, d.offeredAt));
    }

    // ---- what a store keeps

    /** The whole state beside the definition, devices by MAC: what {@link #restore} takes up again. */
    public RunState state() {
        List<RunState.DeviceRecord> records = devices.values().stream().map(DeviceRun::record)
                .sorted(Comparator.comparing(RunState.DeviceRecord::mac)).toList();
        return new RunState(status, current, approvedBy, pauseReasons, latest(), groupStates(), records);
    }

    /** Each group's own state, without walking the devices (a store writes it with every input). */
    public List<RunState.GroupState> groupStates() {
        return groups.stream().map(g -> new RunState.GroupState(g.index, g.status, g.errorSeen)).toList();
    }

    /** The latest time passed in, {@code null} before the first. */
    public Instant latest() {
        return latest.equals(Instant.MIN) ? null : latest;
    }

    /**
     * The devices changed (planned, offered, settled, excluded, refused, downloaded) since the last call, which
     * forgets them: a store writes these rows only, not 100,000 on every input.
     */
    public List<RunState.DeviceRecord> changedDevices() {
        List<RunState.DeviceRecord> records = changed.values().stream().map(DeviceRun::record).toList();
        changed.clear();
        return records;
    }

    /** Whether a device changed since {@link #changedDevices} was last called; forgets nothing. */
    public boolean hasChangedDevices() {
        return !changed.isEmpty();
    }

    // ---- the machine

    private Optional<Reason> exclusion(TargetDevice device) {
        if (device.pinned() && rollout.target().kind() == RolloutTarget.Kind.RELEASE) {
            return Optional.of(Reason.PINNED);
        }
        if (rollout.target().kind() == RolloutTarget.Kind.FIRMWARE && !CheckinRules.receivesFirmware(device.dialect())) {
            return Optional.of(Reason.UNSUPPORTED_DIALECT);
        }
        return Optional.empty();
    }

    private void put(DeviceRun device) {
        devices.put(device.mac, device);
        changed.put(device.mac, device);
    }

    private void schedule(TargetDevice target, int group) {
        DeviceRun device = new DeviceRun(target, group);
        put(device);
        GroupRun run = groups.get(group);
        run.add(DeviceState.SCHEDULED);
        run.waiting.add(device);
    }

    private void startGroup(int index, Instant now, List<Decision> decisions) {
        current = index;
        groups.get(index).status = GroupStatus.RUNNING;
        decisions.add(new Decision.GroupStarted(index));
        offerDue(now, decisions);
    }

    /** Offers the waiting devices of the started groups, while running and within the maintenance window. */
    private void offerDue(Instant now, List<Decision> decisions) {
        if (status != RolloutStatus.RUNNING
                || (rollout.maintenanceWindow() != null && !rollout.maintenanceWindow().isOpen(now))) {
            return;
        }
        for (GroupRun group : started()) {
            while (!group.waiting.isEmpty()) {
                DeviceRun device = group.waiting.poll();
                if (device.state == DeviceState.SCHEDULED) {
                    move(device, DeviceState.OFFERED, null);
                    device.offeredAt = now;
                    deadlines.add(device);
                    decisions.add(new Decision.Offer(device.mac, rollout.target().version()));
                }
            }
        }
    }

    /**
     * Applies the conditions: any started group's error condition pauses (unless seen at a resume); the current
     * group, once all its devices are offered, moves on when its success condition holds and pauses when it settled
     * without; the rollout finishes when the last group succeeded and every device settled.
     */
    private void evaluate(Instant now, List<Decision> decisions) {
        if (status == RolloutStatus.PAUSED) {
            showErrorsWhilePaused(decisions);
            return;
        }
        if (status != RolloutStatus.RUNNING) {
            return;
        }
        List<PauseReason> errors = errorReasons();
        if (!errors.isEmpty()) {
            decisions.addAll(pause(errors));
            return;
        }
        while (true) {
            GroupRun group = groups.get(current);
            if (group.status != GroupStatus.RUNNING || group.count(DeviceState.SCHEDULED) > 0) {
                break;
            }
            if (group.successConditionHolds()) {
                if (current == lastGroup()) {
                    group.status = GroupStatus.SUCCEEDED;
                    break;
                }
                if (group.conditions.onSuccess() == Conditions.SuccessAction.WAIT) {
                    group.status = GroupStatus.WAITING;
                    decisions.add(new Decision.AwaitingNextGroup(current));
                    break;
                }
                group.status = GroupStatus.SUCCEEDED;
                startGroup(current + 1, now, decisions);
            } else if (group.unsettled() == 0) {
                decisions.addAll(pause(List.of(group.reason(PauseReason.Kind.SUCCESS_NOT_REACHED))));
                return;
            } else {
                break;
            }
        }
        GroupRun last = groups.get(lastGroup());
        if (current == lastGroup() && (last.status == GroupStatus.SUCCEEDED || last.status == GroupStatus.PASSED)
                && groups.stream().allMatch(g -> g.unsettled() == 0)) {
            decisions.addAll(end(RolloutStatus.FINISHED));
        }
    }

    private List<PauseReason> errorReasons() {
        List<PauseReason> errors = new ArrayList<>();
        for (GroupRun group : started()) {
            if (!group.errorSeen && group.errorConditionHolds()) {
                errors.add(group.reason(PauseReason.Kind.ERROR_CONDITION));
            }
        }
        return errors;
    }

    /**
     * A group whose error condition comes to hold while the rollout pauses joins the pause reasons, so that a resume,
     * which takes the errors that hold as seen, never passes over one nobody was shown.
     */
    private void showErrorsWhilePaused(List<Decision> decisions) {
        List<PauseReason> errors = errorReasons();
        List<PauseReason> reasons = new ArrayList<>();
        for (PauseReason reason : pauseReasons) {
            if (reason.kind() != PauseReason.Kind.ERROR_CONDITION) {
                reasons.add(reason);
            }
        }
        boolean anotherGroup = errors.stream().anyMatch(error -> pauseReasons.stream()
                .noneMatch(shown -> shown.kind() == error.kind() && shown.group() == error.group()));
        reasons.addAll(errors);
        pauseReasons = List.copyOf(reasons);
        if (anotherGroup) {
            decisions.add(new Decision.Paused(pauseReasons));
        }
    }

    private List<Decision> pause(List<PauseReason> reasons) {
        status = RolloutStatus.PAUSED;
        pauseReasons = List.copyOf(reasons);
        return List.of(new Decision.Paused(reasons));
    }

    private List<Decision> end(RolloutStatus ended) {
        status = ended;
        pauseReasons = List.of();
        return List.of(new Decision.Ended(ended));
    }

    private void requireNotEnded() {
        if (status.ended()) {
            throw new RolloutRefused("ended", "the rollout is " + status);
        }
    }

    /** The device when it waits for its confirmation and {@code at} lies between its offer and its window's end. */
    private DeviceRun awaiting(String mac, Instant at) {
        if (status != RolloutStatus.RUNNING && status != RolloutStatus.PAUSED) {
            return null;
        }
        DeviceRun device = devices.get(mac);
        if (device == null || (device.state != DeviceState.OFFERED && device.state != DeviceState.FETCHED)
                || at.isBefore(device.offeredAt) || at.isAfter(deadline(device))) {
            return null;
        }
        return device;
    }

    private Instant advanceTo(Instant now) {
        if (now.isAfter(latest)) {
            latest = now;
        }
        return latest;
    }

    private Instant deadline(DeviceRun device) {
        return device.offeredAt.plus(rollout.confirmationWindow());
    }

    private Reason incompleteReason(DeviceRun device) {
        if (rollout.target().kind() == RolloutTarget.Kind.RELEASE) {
            return Reason.INCOMPLETE;
        }
        return device.downloadedAt == null ? Reason.DOWNLOAD_INCOMPLETE : Reason.VERSION_NOT_ANNOUNCED;
    }

    private void move(DeviceRun device, DeviceState to, Reason reason) {
        if (device.state == to && device.reason == reason) {
            // a check-in repeated (a redelivery, a second boot's step 1): nothing to count or write again
            return;
        }
        if (device.group >= 0) {
            GroupRun group = groups.get(device.group);
            group.remove(device.state);
            group.add(to);
        }
        device.state = to;
        device.reason = reason;
        changed.put(device.mac, device);
    }

    private List<GroupRun> started() {
        return current < 0 ? List.of() : groups.subList(0, current + 1);
    }

    private int lastGroup() {
        return groups.size() - 1;
    }

    /** One device's mutable state. */
    private static final class DeviceRun {
        final String mac;
        final Dialect dialect;
        final String previousVersion;
        final int group;
        DeviceState state;
        Reason reason;
        Instant offeredAt;
        Instant downloadedAt;
        int refusals;

        DeviceRun(TargetDevice device, int group) {
            this(device.mac(), device.dialect(), device.previousVersion(), group);
        }

        private DeviceRun(String mac, Dialect dialect, String previousVersion, int group) {
            this.mac = mac;
            this.dialect = dialect;
            this.previousVersion = previousVersion;
            this.group = group;
            this.state = DeviceState.SCHEDULED;
        }

        static DeviceRun excluded(TargetDevice device, Reason reason) {
            DeviceRun run = new DeviceRun(device, -1);
            run.state = DeviceState.EXCLUDED;
            run.reason = reason;
            return run;
        }

        static DeviceRun of(RunState.DeviceRecord record) {
            DeviceRun run = new DeviceRun(record.mac(), record.dialect(), record.previousVersion(), record.group());
            run.state = record.state();
            run.reason = record.reason();
            run.offeredAt = record.offeredAt();
            run.downloadedAt = record.downloadedAt();
            run.refusals = record.refusals();
            return run;
        }

        RunState.DeviceRecord record() {
            return new RunState.DeviceRecord(mac, dialect, previousVersion, group, state, reason, offeredAt,
                    downloadedAt, refusals);
        }
    }

    /** One group's mutable state, with its devices counted by state so conditions cost no pass over the devices. */
    private static final class GroupRun {
        final int index;
        final String name;
        final Conditions conditions;
        final EnumMap<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
        /** Members not offered yet, in the order they were scheduled. */
        final ArrayDeque<DeviceRun> waiting = new ArrayDeque<>();
        GroupStatus status = GroupStatus.SCHEDULED;
        /** The error condition held at a resume: the person saw it and went on. */
        boolean errorSeen;

        GroupRun(int index, String name, Conditions conditions) {
            this.index = index;
            this.name = name;
            this.conditions = conditions;
        }

        void add(DeviceState state) {
            counts.merge(state, 1, Integer::sum);
        }

        void remove(DeviceState state) {
            counts.merge(state, -1, Integer::sum);
        }

        int count(DeviceState state) {
            return counts.getOrDefault(state, 0);
        }

        int offered() {
            return count(DeviceState.OFFERED) + count(DeviceState.FETCHED) + confirmed() + failures();
        }

        int confirmed() {
            return count(DeviceState.CONFIRMED);
        }

        int failures() {
            return count(DeviceState.FAILED) + count(DeviceState.TIMED_OUT);
        }

        int unsettled() {
            return count(DeviceState.SCHEDULED) + count(DeviceState.OFFERED) + count(DeviceState.FETCHED);
        }

        boolean successConditionHolds() {
            return conditions.succeeded(confirmed(), offered());
        }

        boolean errorConditionHolds() {
            return conditions.failed(failures(), offered());
        }

        PauseReason reason(PauseReason.Kind kind) {
            return new PauseReason(kind, index, confirmed(), failures(), offered());
        }

        GroupProgress progress() {
            Map<DeviceState, Integer> devices = new EnumMap<>(DeviceState.class);
            counts.forEach((state, count) -> {
                if (count > 0) {
                    devices.put(state, count);
                }
            });
            return new GroupProgress(index, name, status, devices);
        }
    }
}
