package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.NEXT_GROUP;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.WAIT;

/** Every transition of a rollout, driven by inputs and a time the test passes in. */
class RolloutRunTest {

    private static final UUID ID = UUID.fromString("6f1c2a3e-8d4b-4c1a-9f0e-1a2b3c4d5e6f");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final String UVC = "2026-12-07_09:00:00";
    private static final String PREVIOUS = "2026-11-01_09:00:00";
    private static final RolloutTarget RELEASE = RolloutTarget.release("acme", "office", UVC);
    private static final String ARTIFACT = "0b6f3c38-1d2e-4f5a-8b7c-9d0e1f2a3b4c";
    private static final RolloutTarget FIRMWARE = RolloutTarget.firmware("acme", "Gigaset", "Maxwell 3", "stable",
            ARTIFACT, "2.23.0");
    private static final Conditions ADVANCE = new Conditions(90, NEXT_GROUP, 20);
    private static final RolloutGuard FREE = key -> Optional.empty();

    // ---- approval and start

    @Test
    void aRolloutNeedingApprovalStartsOnlyOnceSomeoneOtherThanItsCreatorApproved() {
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(2), ADVANCE, null, true, null),
                devices(4), FREE);
        assertThat(run.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertRefused(() -> run.start(T0), "approval_required");
        assertRefused(() -> run.approve("alice"), "approver_is_creator");
        run.approve("bob");
        assertThat(run.status()).isEqualTo(RolloutStatus.READY);
        assertThat(run.approvedBy()).contains("bob");
        assertRefused(() -> run.approve("carol"), "not_awaiting_approval");
        run.start(T0);
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void startingOffersTheFirstGroupOnly() {
        List<TargetDevice> devices = devices(30);
        RolloutRun run = plan(Rollout.equalGroups(3), ADVANCE, devices);
        List<Decision> decisions = run.start(T0);
        assertThat(decisions).first().isEqualTo(new Decision.GroupStarted(0));
        assertThat(offered(decisions)).hasSize(10).allSatisfy(mac -> assertThat(groupOf(run, mac)).isZero());
        assertThat(decisions).filteredOn(d -> d instanceof Decision.Offer)
                .allSatisfy(d -> assertThat(((Decision.Offer) d).version()).isEqualTo(UVC));
        assertThat(run.groups().get(0).count(DeviceState.OFFERED)).isEqualTo(10);
        assertThat(run.groups().get(1).count(DeviceState.SCHEDULED)).isEqualTo(10);
        assertThat(run.device(offered(decisions).get(0)).orElseThrow().offeredAt()).isEqualTo(T0);
        assertRefused(() -> run.start(T0), "not_ready");
    }

    @Test
    void oneRolloutRunsOnAProfileAtATime() {
        UUID other = UUID.randomUUID();
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(1), ADVANCE, null, false, null),
                devices(2), key -> key.equals("profile:acme/office") ? Optional.of(other) : Optional.empty());
        assertRefused(() -> run.start(T0), "target_busy");
        assertThat(run.status()).isEqualTo(RolloutStatus.READY);
        // the guard naming this very rollout (asked again after a restart) lets it start
        RolloutRun same = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(1), ADVANCE, null, false, null),
                devices(2), key -> Optional.of(ID));
        same.start(T0);
        assertThat(same.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void aRolloutWithAStartTimeStartsAtTheFirstTickFromThen() {
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(1), ADVANCE, null, false,
                T0.plusSeconds(60)), devices(2), FREE);
        assertThat(run.tick(T0.plusSeconds(59))).isEmpty();
        assertThat(run.status()).isEqualTo(RolloutStatus.READY);
        assertThat(run.tick(T0.plusSeconds(60))).contains(new Decision.GroupStarted(0));
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void aStartTimeOnABusyTargetWaitsForALaterTick() {
        AtomicReference<Optional<UUID>> running = new AtomicReference<>(Optional.of(UUID.randomUUID()));
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(1), ADVANCE, null, false, T0),
                devices(2), key -> running.get());
        assertThat(run.tick(T0)).isEmpty();
        assertThat(run.status()).isEqualTo(RolloutStatus.READY);
        running.set(Optional.empty());
        assertThat(run.tick(T0.plusSeconds(1))).contains(new Decision.GroupStarted(0));
    }

    // ---- success and error conditions

    @Test
    void aGroupMovesOnExactlyWhenItsSuccessConditionHolds() {
        List<TargetDevice> devices = devices(20);
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices);
        List<String> first = offered(run.start(T0));
        for (int i = 0; i < 8; i++) {
            assertThat(confirm(run, first.get(i), T0.plusSeconds(10))).isEmpty();
        }
        assertThat(run.currentGroup()).isZero();
        // the ninth of ten is 90 %
        List<Decision> decisions = confirm(run, first.get(8), T0.plusSeconds(20));
        assertThat(decisions).first().isEqualTo(new Decision.GroupStarted(1));
        assertThat(offered(decisions)).hasSize(10).allSatisfy(mac -> assertThat(groupOf(run, mac)).isEqualTo(1));
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.SUCCEEDED);
        assertThat(run.device(decisions.stream().filter(d -> d instanceof Decision.Offer)
                .map(d -> ((Decision.Offer) d).mac()).findFirst().orElseThrow()).orElseThrow().offeredAt())
                .isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aGroupPausesTheRolloutExactlyWhenItsErrorConditionHolds() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(20));
        List<String> first = offered(run.start(T0));
        assertThat(refuse(run, first.get(0), 3)).isEmpty();
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
        // the second of ten is 20 %
        List<Decision> decisions = refuse(run, first.get(1), 3);
        PauseReason reason = new PauseReason(PauseReason.Kind.ERROR_CONDITION, 0, 0, 2, 10);
        assertThat(decisions).containsExactly(new Decision.Paused(List.of(reason)));
        assertThat(run.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(run.pauseReasons()).containsExactly(reason);
        assertThat(run.devices(DeviceState.FAILED)).extracting(DeviceProgress::mac, DeviceProgress::reason)
                .containsExactlyInAnyOrder(tuple(first.get(0), Reason.DIGEST_REFUSED),
                        tuple(first.get(1), Reason.DIGEST_REFUSED));
    }

    @Test
    void digestRefusalsFailADeviceOnlyAtTheLimitAndOnlyAfterTheOffer() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(10));
        String mac = offered(run.start(T0)).get(0);
        run.digestRefused(mac, T0.minusSeconds(1), T0);
        run.digestRefused(mac, T0.plusSeconds(1), T0.plusSeconds(1));
        run.digestRefused(mac, T0.plusSeconds(2), T0.plusSeconds(2));
        assertThat(run.device(mac).orElseThrow().state()).isEqualTo(DeviceState.OFFERED);
        run.digestRefused(mac, T0.plusSeconds(3), T0.plusSeconds(3));
        assertThat(run.device(mac).orElseThrow().state()).isEqualTo(DeviceState.FAILED);
    }

    @Test
    void aGroupWhoseLastDeviceSettlesBelowItsSuccessConditionPausesAndAResumePassesIt() {
        Conditions conditions = new Conditions(90, NEXT_GROUP, 50);
        RolloutRun run = plan(Rollout.equalGroups(2), conditions, devices(20));
        List<String> first = offered(run.start(T0));
        for (int i = 0; i < 8; i++) {
            confirm(run, first.get(i), T0.plusSeconds(10));
        }
        // two never check in: 8 confirmed of 10 is below 90 %, 2 failed below 50 %
        List<Decision> decisions = run.tick(T0.plus(WINDOW).plusSeconds(1));
        assertThat(decisions).containsExactly(new Decision.Paused(List.of(
                new PauseReason(PauseReason.Kind.SUCCESS_NOT_REACHED, 0, 8, 2, 10))));
        assertThat(run.device(first.get(9)).orElseThrow().state()).isEqualTo(DeviceState.TIMED_OUT);
        assertThat(run.device(first.get(9)).orElseThrow().reason()).isEqualTo(Reason.NO_CHECKIN);

        decisions = run.resume(T0.plus(WINDOW).plusSeconds(2));
        assertThat(decisions).startsWith(new Decision.Resumed(), new Decision.GroupStarted(1));
        assertThat(offered(decisions)).hasSize(10);
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.PASSED);
    }

    @Test
    void aGroupThatMovedOnStillPausesTheRolloutWhenItsStragglersFail() {
        Conditions conditions = new Conditions(50, NEXT_GROUP, 30);
        RolloutRun run = plan(Rollout.equalGroups(2), conditions, devices(20));
        List<String> first = offered(run.start(T0));
        for (int i = 0; i < 5; i++) {
            confirm(run, first.get(i), T0.plusSeconds(10));
        }
        assertThat(run.currentGroup()).isEqualTo(1);
        refuse(run, first.get(5), 3);
        refuse(run, first.get(6), 3);
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
        List<Decision> decisions = refuse(run, first.get(7), 3);
        assertThat(decisions).containsExactly(new Decision.Paused(List.of(
                new PauseReason(PauseReason.Kind.ERROR_CONDITION, 0, 5, 3, 10))));
    }

    @Test
    void anErrorSeenAtAResumePausesNoMore() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(20));
        List<String> first = offered(run.start(T0));
        refuse(run, first.get(0), 3);
        refuse(run, first.get(1), 3);
        assertThat(run.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(run.resume(T0.plusSeconds(60))).containsExactly(new Decision.Resumed());
        assertThat(refuse(run, first.get(2), 3)).isEmpty();
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void percentagesAreOfTheDevicesOfferedNotOfThoseExcluded() {
        List<TargetDevice> devices = new ArrayList<>(devices(10));
        for (int i = 0; i < 10; i++) {
            devices.add(new TargetDevice(String.format("7c2f81%06x", i), Dialect.MAXWELL_10, Set.of(), true,
                    PREVIOUS));
        }
        RolloutRun run = plan(List.of(Group.share("all", 1), Group.share("more", 1)),
                new Conditions(90, NEXT_GROUP, 20), devices);
        List<String> first = offered(run.start(T0));
        assertThat(first).hasSize(5);
        assertThat(run.total().get(DeviceState.EXCLUDED)).isEqualTo(10);
        assertThat(run.device("7c2f81000000").orElseThrow().reason()).isEqualTo(Reason.PINNED);
        // one failure of the five offered is 20 %: the ten pinned devices do not dilute it
        assertThat(refuse(run, first.get(0), 3)).hasSize(1).first().isInstanceOf(Decision.Paused.class);
    }

    // ---- groups: waiting, by hand, empty, dynamic

    @Test
    void aGroupWhoseSuccessActionIsToWaitWaitsForAPerson() {
        RolloutRun run = plan(Rollout.equalGroups(2).stream()
                .map(g -> g.with(new Conditions(50, WAIT, 50))).toList(), ADVANCE, devices(4));
        List<String> first = offered(run.start(T0));
        assertThat(confirm(run, first.get(0), T0.plusSeconds(5)))
                .containsExactly(new Decision.AwaitingNextGroup(0));
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.WAITING);
        assertThat(run.tick(T0.plusSeconds(10))).isEmpty();
        List<Decision> decisions = run.nextGroup(T0.plusSeconds(20));
        assertThat(decisions).first().isEqualTo(new Decision.GroupStarted(1));
        assertThat(offered(decisions)).hasSize(2);
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.SUCCEEDED);
    }

    @Test
    void theNextGroupByHandPassesARunningGroupButNotTheLast() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(4));
        run.start(T0);
        assertThat(run.nextGroup(T0.plusSeconds(1))).first().isEqualTo(new Decision.GroupStarted(1));
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.PASSED);
        // the dynamic last group, empty, follows by hand too; after it there is none
        assertThat(run.nextGroup(T0.plusSeconds(2))).first().isEqualTo(new Decision.GroupStarted(2));
        assertRefused(() -> run.nextGroup(T0.plusSeconds(3)), "no_next_group");
    }

    @Test
    void aGroupWithZeroDevicesSucceedsAndTheNextStarts() {
        List<Group> groups = List.of(Group.label("pilot", "pilot"), Group.share("everyone", 1));
        RolloutRun run = plan(groups, ADVANCE, devices(6));
        List<Decision> decisions = run.start(T0);
        assertThat(decisions).startsWith(new Decision.GroupStarted(0), new Decision.GroupStarted(1));
        assertThat(offered(decisions)).hasSize(6);
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.SUCCEEDED);
    }

    @Test
    void aRolloutWithoutADeviceToOfferFinishesAtItsStart() {
        List<TargetDevice> pinned = List.of(new TargetDevice("7c2f80000001", Dialect.MAXWELL_10, Set.of(), true,
                PREVIOUS));
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, pinned);
        assertThat(run.start(T0)).containsExactly(new Decision.GroupStarted(0), new Decision.GroupStarted(1),
                new Decision.GroupStarted(2), new Decision.Ended(RolloutStatus.FINISHED));
    }

    @Test
    void theRolloutFinishesWhenTheLastGroupSucceededAndEveryDeviceSettled() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(10));
        List<String> first = offered(run.start(T0));
        for (int i = 0; i < 9; i++) {
            confirm(run, first.get(i), T0.plusSeconds(10));
        }
        // 90 % confirmed: the empty dynamic group follows, but one device is still out
        assertThat(run.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(run.currentGroup()).isEqualTo(1);
        assertThat(confirm(run, first.get(9), T0.plusSeconds(20)))
                .containsExactly(new Decision.Ended(RolloutStatus.FINISHED));
        assertThat(run.status()).isEqualTo(RolloutStatus.FINISHED);
    }

    @Test
    void devicesRegisteredDuringTheRolloutJoinTheDynamicLastGroup() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(2));
        List<String> first = offered(run.start(T0));
        TargetDevice early = device("7c2f80aa0001");
        assertThat(run.joined(early, T0.plusSeconds(1))).isEmpty();
        assertThat(run.device(early.mac()).orElseThrow().state()).isEqualTo(DeviceState.SCHEDULED);
        assertThat(groupOf(run, early.mac())).isEqualTo(1);
        assertThat(run.groups().get(1).name()).isEqualTo(RolloutRun.DYNAMIC_GROUP);

        confirm(run, first.get(0), T0.plusSeconds(10));
        List<Decision> decisions = confirm(run, first.get(1), T0.plusSeconds(10));
        assertThat(decisions).containsExactly(new Decision.GroupStarted(1), new Decision.Offer(early.mac(), UVC));

        // while the dynamic group runs, a device that joins is offered at once
        TargetDevice late = device("7c2f80aa0002");
        assertThat(run.joined(late, T0.plusSeconds(20))).containsExactly(new Decision.Offer(late.mac(), UVC));
        confirm(run, early.mac(), T0.plusSeconds(30));
        assertThat(confirm(run, late.mac(), T0.plusSeconds(40)))
                .containsExactly(new Decision.Ended(RolloutStatus.FINISHED));
        // once finished, the release is everybody's: a new device is not part of the rollout
        assertThat(run.joined(device("7c2f80aa0003"), T0.plusSeconds(50))).isEmpty();
        assertThat(run.device("7c2f80aa0003")).isEmpty();
    }

    @Test
    void aDeviceThatJoinsTwiceIsLeftAsItIs() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(2));
        run.start(T0);
        String mac = devices(2).get(0).mac();
        assertThat(run.joined(device(mac), T0.plusSeconds(1))).isEmpty();
        assertThat(groupOf(run, mac)).isZero();
    }

    // ---- devices leaving, being overtaken

    @Test
    void aConfirmedDeviceThatLeavesKeepsWhatItHasAndLeavesTheCounts() {
        RolloutRun run = plan(Rollout.equalGroups(1), new Conditions(100, NEXT_GROUP, 50), devices(2));
        List<String> first = offered(run.start(T0));
        confirm(run, first.get(0), T0.plusSeconds(10));
        assertThat(run.left(first.get(0), T0.plusSeconds(20))).isEmpty();
        assertThat(run.groups().get(0).count(DeviceState.CONFIRMED)).isZero();
        assertThat(run.groups().get(0).count(DeviceState.EXCLUDED)).isEqualTo(1);
        // the other one alone now decides the group
        assertThat(confirm(run, first.get(1), T0.plusSeconds(30))).contains(new Decision.Ended(RolloutStatus.FINISHED));
    }

    @Test
    void theSameRolloutPlansTheSameGroups() {
        List<TargetDevice> devices = devices(50);
        RolloutRun once = plan(Rollout.equalGroups(3), ADVANCE, devices);
        RolloutRun again = plan(Rollout.equalGroups(3), ADVANCE, devices);
        for (TargetDevice device : devices) {
            assertThat(groupOf(again, device.mac())).isEqualTo(groupOf(once, device.mac()));
        }
        assertThat(once.groups()).extracting(g -> g.count(DeviceState.SCHEDULED)).containsExactly(16, 17, 17, 0);
    }

    @Test
    void aDeviceMovedOutOfTheProfileIsExcludedAndItsGroupEvaluatedAgain() {
        RolloutRun run = plan(Rollout.equalGroups(2), new Conditions(100, NEXT_GROUP, 50), devices(20));
        List<String> first = offered(run.start(T0));
        for (int i = 0; i < 9; i++) {
            confirm(run, first.get(i), T0.plusSeconds(10));
        }
        assertThat(run.currentGroup()).isZero();
        // the tenth was the one the group waited for: without it, 9 of 9 offered confirmed
        List<Decision> decisions = run.left(first.get(9), T0.plusSeconds(20));
        assertThat(decisions).startsWith(new Decision.Withdraw(first.get(9)), new Decision.GroupStarted(1));
        DeviceProgress gone = run.device(first.get(9)).orElseThrow();
        assertThat(gone.state()).isEqualTo(DeviceState.EXCLUDED);
        assertThat(gone.reason()).isEqualTo(Reason.LEFT_TARGET);
        assertThat(run.groups().get(0).count(DeviceState.EXCLUDED)).isEqualTo(1);
        // a check-in after it left changes nothing
        assertThat(confirm(run, first.get(9), T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void aDeviceThatLeavesBeforeItsOfferIsNeverOfferedAndMayComeBackInTheDynamicGroup() {
        List<TargetDevice> devices = devices(20);
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices);
        run.start(T0);
        String waiting = devices.stream().map(TargetDevice::mac).filter(mac -> groupOf(run, mac) == 1)
                .findFirst().orElseThrow();
        assertThat(run.left(waiting, T0.plusSeconds(1))).isEmpty();
        assertThat(run.nextGroup(T0.plusSeconds(2))).doesNotContain(new Decision.Offer(waiting, UVC));
        assertThat(run.groups().get(1).count(DeviceState.EXCLUDED)).isEqualTo(1);
        assertThat(run.joined(device(waiting), T0.plusSeconds(3))).isEmpty();
        assertThat(groupOf(run, waiting)).isEqualTo(2);
        assertThat(run.device(waiting).orElseThrow().state()).isEqualTo(DeviceState.SCHEDULED);
        // counted once: in the dynamic group, no longer as excluded from its first
        assertThat(run.groups().get(1).count(DeviceState.EXCLUDED)).isZero();
        assertThat(run.groups().get(2).count(DeviceState.SCHEDULED)).isEqualTo(1);
    }

    @Test
    void aNewerPublishOvertakesTheRollout() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(20));
        List<String> first = offered(run.start(T0));
        confirm(run, first.get(0), T0.plusSeconds(10));
        assertThat(run.overtaken()).containsExactly(new Decision.Ended(RolloutStatus.OVERTAKEN));
        assertThat(run.status()).isEqualTo(RolloutStatus.OVERTAKEN);
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
        DeviceProgress pending = run.device(first.get(1)).orElseThrow();
        assertThat(pending.state()).isEqualTo(DeviceState.EXCLUDED);
        assertThat(pending.reason()).isEqualTo(Reason.OVERTAKEN);
        assertThat(run.groups().get(1).count(DeviceState.EXCLUDED)).isEqualTo(10);
        // nothing moves it any more
        assertThat(confirm(run, first.get(1), T0.plusSeconds(20))).isEmpty();
        assertThat(run.tick(T0.plus(WINDOW).plusSeconds(1))).isEmpty();
        assertThat(run.overtaken()).isEmpty();
        assertRefused(() -> run.resume(T0), "not_paused");
    }

    // ---- pause, resume, cancel, emergency stop

    @Test
    void aPausedRolloutOffersNothingMoreButItsDevicesStillSettle() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(20));
        List<String> first = offered(run.start(T0));
        assertThat(run.pause()).containsExactly(new Decision.Paused(List.of(PauseReason.byHand())));
        assertRefused(run::pause, "not_running");
        assertRefused(() -> run.nextGroup(T0), "not_running");
        for (String mac : first) {
            assertThat(confirm(run, mac, T0.plusSeconds(10))).isEmpty();
        }
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
        assertThat(run.currentGroup()).isZero();
        List<Decision> decisions = run.resume(T0.plusSeconds(20));
        assertThat(decisions).startsWith(new Decision.Resumed(), new Decision.GroupStarted(1));
        assertThat(offered(decisions)).hasSize(10);
    }

    @Test
    void anErrorConditionThatComesToHoldWhilePausedIsShownBeforeAResumeTakesItAsSeen() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(20));
        List<String> first = offered(run.start(T0));
        run.pause();
        assertThat(refuse(run, first.get(0), 3)).isEmpty();
        PauseReason error = new PauseReason(PauseReason.Kind.ERROR_CONDITION, 0, 0, 2, 10);
        assertThat(refuse(run, first.get(1), 3))
                .containsExactly(new Decision.Paused(List.of(PauseReason.byHand(), error)));
        assertThat(run.pauseReasons()).containsExactly(PauseReason.byHand(), error);
        // a third failure updates the counts without announcing the group again
        assertThat(refuse(run, first.get(2), 3)).isEmpty();
        assertThat(run.pauseReasons()).contains(new PauseReason(PauseReason.Kind.ERROR_CONDITION, 0, 0, 3, 10));
        assertThat(run.resume(T0.plusSeconds(60))).containsExactly(new Decision.Resumed());
        assertThat(run.pauseReasons()).isEmpty();
    }

    @Test
    void aPausedRolloutStillTimesOutItsDevices() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(2));
        List<String> first = offered(run.start(T0));
        run.pause();
        assertThat(run.tick(T0.plus(WINDOW).plusSeconds(1))).containsExactly(new Decision.Paused(List.of(
                PauseReason.byHand(), new PauseReason(PauseReason.Kind.ERROR_CONDITION, 0, 0, 2, 2))));
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.TIMED_OUT);
        assertThat(run.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(run.currentGroup()).isZero();
    }

    @Test
    void cancellingLeavesTheDevicesNotReachedAsTheyWere() {
        List<TargetDevice> devices = devices(20);
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices);
        List<String> first = offered(run.start(T0));
        confirm(run, first.get(0), T0.plusSeconds(10));
        assertThat(run.cancel()).containsExactly(new Decision.Ended(RolloutStatus.CANCELLED));
        assertThat(run.groups().get(1).count(DeviceState.SCHEDULED)).isEqualTo(10);
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
        assertRefused(run::cancel, "ended");
        assertRefused(run::stopAndRollBack, "ended");
        assertThat(confirm(run, first.get(1), T0.plusSeconds(20))).isEmpty();
        assertThat(run.tick(T0.plus(WINDOW).plusSeconds(1))).isEmpty();
    }

    @Test
    void anEmergencyStopGivesEveryDeviceReachedItsPreviousVersion() {
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            devices.add(new TargetDevice(String.format("7c2f80%06x", i), Dialect.MAXWELL_10, Set.of(), false,
                    "uvc-of-" + i));
        }
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices);
        List<String> first = offered(run.start(T0));
        confirm(run, first.get(0), T0.plusSeconds(10));
        refuse(run, first.get(1), 3);
        run.checkin(provisioned(first.get(2), T0.plusSeconds(10), "provisioning.xml"), T0.plusSeconds(10));
        List<Decision> decisions = run.stopAndRollBack();
        assertThat(decisions).last().isEqualTo(new Decision.Ended(RolloutStatus.STOPPED));
        List<String> rolledBack = decisions.stream().filter(d -> d instanceof Decision.RollBack)
                .map(d -> ((Decision.RollBack) d).mac()).toList();
        assertThat(rolledBack).containsExactlyInAnyOrderElementsOf(first);
        assertThat(decisions).contains(new Decision.RollBack(first.get(0),
                "uvc-of-" + Integer.parseInt(first.get(0).substring(6), 16)));
        assertThat(run.status()).isEqualTo(RolloutStatus.STOPPED);
    }

    @Test
    void anEmergencyStopBeforeTheStartIsRefused() {
        RolloutRun run = plan(Rollout.equalGroups(1), ADVANCE, devices(2));
        assertRefused(run::stopAndRollBack, "not_started");
        assertThat(run.cancel()).containsExactly(new Decision.Ended(RolloutStatus.CANCELLED));
    }

    // ---- the confirmation window

    @Test
    void aDeviceTimesOutOnlyAfterItsConfirmationWindow() {
        RolloutRun run = plan(Rollout.equalGroups(1), new Conditions(100, NEXT_GROUP, 100), devices(3));
        List<String> first = offered(run.start(T0));
        Instant end = T0.plus(WINDOW);
        run.tick(end);
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.OFFERED);
        // a check-in at the window's last instant counts; one after it does not
        confirm(run, first.get(0), end);
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
        assertThat(confirm(run, first.get(1), end.plusMillis(1))).isEmpty();
        assertThat(run.device(first.get(1)).orElseThrow().state()).isEqualTo(DeviceState.OFFERED);
        // and a check-in from before the offer says nothing about it
        assertThat(confirm(run, first.get(2), T0.minusSeconds(1))).isEmpty();
        run.tick(end.plusMillis(1));
        assertThat(run.device(first.get(1)).orElseThrow().state()).isEqualTo(DeviceState.TIMED_OUT);
        assertThat(run.device(first.get(2)).orElseThrow().reason()).isEqualTo(Reason.NO_CHECKIN);
    }

    @Test
    void aLaterCheckinAppliedFirstTimesOutNoDeviceBeforeTheStreamsTimeReachesItsDeadline() {
        // two groups of two; one confirmation of the first group starts the second
        RolloutRun run = plan(Rollout.equalGroups(2), new Conditions(50, NEXT_GROUP, 100), devices(4));
        List<String> first = offered(run.start(T0));
        List<String> second = offered(confirm(run, first.get(0), T0.plusSeconds(10)));
        assertThat(second).hasSize(2);
        // a device of the second group confirms after the first group's window ended (its partition is consumed);
        // the confirmation of the first group's other device, made in its window, waits in a partition that lags
        confirm(run, second.get(0), T0.plus(WINDOW).plusSeconds(5));

        // the stream's time has not reached the end of the first group's window: nobody times out
        assertThat(run.tick(T0.plus(WINDOW).minusSeconds(30))).isEmpty();
        assertThat(run.device(first.get(1)).orElseThrow().state()).isEqualTo(DeviceState.OFFERED);
        confirm(run, first.get(1), T0.plus(WINDOW).minusSeconds(60));
        assertThat(run.device(first.get(1)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);

        // once it has, the windows that ended by then run out
        run.tick(T0.plus(WINDOW).plusSeconds(11));
        assertThat(run.device(second.get(1)).orElseThrow().state()).isEqualTo(DeviceState.TIMED_OUT);
        assertThat(run.groups().get(0).count(DeviceState.CONFIRMED)).isEqualTo(2);
    }

    @Test
    void aConfirmationAppliedLateStampsTheNextGroupsOffersWhenItIsAppliedNotWhenItWasMade() {
        RolloutRun run = plan(Rollout.equalGroups(2), new Conditions(100, NEXT_GROUP, 100), devices(2));
        String first = offered(run.start(T0)).get(0);
        // made within the window, applied only after it (the consumer lagged): the second group's devices get a
        // whole window from their actual offer
        Instant applied = T0.plus(WINDOW).plusSeconds(40);
        String second = offered(run.checkin(provisioned(first, T0.plusSeconds(10), "provisioning.xml",
                "nvm/updates.xml", "nvm/settings.xml"), applied)).get(0);
        assertThat(run.device(first).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
        assertThat(run.device(second).orElseThrow().offeredAt()).isEqualTo(applied);
        run.tick(applied.plus(WINDOW));
        assertThat(run.device(second).orElseThrow().state()).isEqualTo(DeviceState.OFFERED);
    }

    @Test
    void aMaxwell10DeviceThatFetchedStep1ButNotStep3Fails() {
        RolloutRun run = plan(Rollout.equalGroups(1), new Conditions(100, NEXT_GROUP, 100), devices(1));
        String mac = offered(run.start(T0)).get(0);
        run.checkin(provisioned(mac, T0.plusSeconds(5), "provisioning.xml", "nvm/updates.xml"), T0.plusSeconds(5));
        assertThat(run.device(mac).orElseThrow().state()).isEqualTo(DeviceState.FETCHED);
        run.tick(T0.plus(WINDOW).plusSeconds(1));
        DeviceProgress failed = run.device(mac).orElseThrow();
        assertThat(failed.state()).isEqualTo(DeviceState.FAILED);
        assertThat(failed.reason()).isEqualTo(Reason.INCOMPLETE);
    }

    @Test
    void aCheckinSeenAgainChangesNothing() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(4));
        List<String> first = offered(run.start(T0));
        DeviceCheckin stepOne = provisioned(first.get(0), T0.plusSeconds(5), "provisioning.xml");
        DeviceCheckin confirmation = provisioned(first.get(1), T0.plusSeconds(6), "provisioning.xml",
                "nvm/updates.xml", "nvm/settings.xml");
        run.checkin(stepOne, T0.plusSeconds(5));
        run.checkin(confirmation, T0.plusSeconds(6));
        run.changedDevices();
        Map<DeviceState, Integer> counts = Map.copyOf(run.groups().get(0).devices());

        // redelivered, as a consumer that restarts before committing its offsets sees them
        assertThat(run.checkin(stepOne, T0.plusSeconds(7))).isEmpty();
        assertThat(run.checkin(confirmation, T0.plusSeconds(7))).isEmpty();

        assertThat(run.hasChangedDevices()).isFalse();
        assertThat(run.groups().get(0).devices()).isEqualTo(counts);
        assertThat(run.device(first.get(0)).orElseThrow().state()).isEqualTo(DeviceState.FETCHED);
        assertThat(run.device(first.get(1)).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
    }

    @Test
    void timeThatGoesBackIsTakenAsTheLatestTimeSeen() {
        RolloutRun run = plan(Rollout.equalGroups(2), ADVANCE, devices(4));
        run.start(T0.plusSeconds(60));
        List<String> second = offered(run.nextGroup(T0));
        assertThat(run.device(second.get(0)).orElseThrow().offeredAt()).isEqualTo(T0.plusSeconds(60));
    }

    // ---- firmware

    @Test
    void gigasetFirmwareIsConfirmedByTheDownloadAndThenTheNewVersionAnnounced() {
        RolloutRun run = RolloutRun.plan(rollout(FIRMWARE, Rollout.equalGroups(1), ADVANCE, null, false, null),
                devices(2), FREE);
        List<String> first = offered(run.start(T0));
        assertThat(first).hasSize(2);
        String mac = first.get(0);
        run.checkin(DeviceCheckin.downloaded(mac, "acme", ARTIFACT, "2.23.0", "10.0.0.1", userAgent("2.22.4", mac),
                T0.plusSeconds(10)), T0.plusSeconds(10));
        assertThat(run.device(mac).orElseThrow().state()).isEqualTo(DeviceState.FETCHED);
        run.checkin(DeviceCheckin.provisioned(mac, "acme", "provisioning.xml", List.of("provisioning.xml"), UVC,
                "10.0.0.1", userAgent("2.23.0", mac), T0.plusSeconds(90), DeviceCheckin.HTTP), T0.plusSeconds(90));
        assertThat(run.device(mac).orElseThrow().state()).isEqualTo(DeviceState.CONFIRMED);
    }

    @Test
    void aFirmwareDeviceThatDownloadedButNeverAnnouncedTheVersionFails() {
        RolloutRun run = RolloutRun.plan(rollout(FIRMWARE, Rollout.equalGroups(1),
                new Conditions(100, NEXT_GROUP, 100), null, false, null), devices(2), FREE);
        List<String> first = offered(run.start(T0));
        run.checkin(DeviceCheckin.downloaded(first.get(0), "acme", ARTIFACT, "2.23.0", "10.0.0.1",
                userAgent("2.22.4", first.get(0)), T0.plusSeconds(10)), T0.plusSeconds(10));
        run.checkin(DeviceCheckin.provisioned(first.get(1), "acme", "firmware/updates.xml",
                List.of("provisioning.xml", "firmware/updates.xml"), UVC, "10.0.0.1",
                userAgent("2.22.4", first.get(1)), T0.plusSeconds(10), DeviceCheckin.HTTP), T0.plusSeconds(10));
        run.tick(T0.plus(WINDOW).plusSeconds(1));
        assertThat(run.device(first.get(0)).orElseThrow().reason()).isEqualTo(Reason.VERSION_NOT_ANNOUNCED);
        assertThat(run.device(first.get(1)).orElseThrow().reason()).isEqualTo(Reason.DOWNLOAD_INCOMPLETE);
    }

    @Test
    void aFirmwareRolloutExcludesDialectsThatReceiveNoFirmwareAndIgnoresPins() {
        List<TargetDevice> devices = List.of(
                new TargetDevice("7c2f80000001", Dialect.MAXWELL_11, Set.of(), false, "a"),
                new TargetDevice("7c2f80000002", Dialect.PLUG_N_DIAL, Set.of(), true, "b"));
        RolloutRun run = RolloutRun.plan(rollout(FIRMWARE, Rollout.equalGroups(1), ADVANCE, null, false, null),
                devices, FREE);
        assertThat(run.device("7c2f80000001").orElseThrow().reason()).isEqualTo(Reason.UNSUPPORTED_DIALECT);
        List<Decision> decisions = run.start(T0);
        assertThat(offered(decisions)).containsExactly("7c2f80000002");
        // Plug-n-Dial cannot announce its version: the complete download confirms
        assertThat(run.checkin(DeviceCheckin.downloaded("7c2f80000002", "acme", ARTIFACT, "2.23.0", "10.0.0.1",
                null, T0.plusSeconds(5)), T0.plusSeconds(5))).contains(new Decision.Ended(RolloutStatus.FINISHED));
    }

    @Test
    void aFirmwareDeviceThatComesBackOnADialectWithoutFirmwareIsExcludedOnceNotCountedInItsFirstGroupToo() {
        List<TargetDevice> devices = devices(2);
        RolloutRun run = RolloutRun.plan(rollout(FIRMWARE, Rollout.equalGroups(1), ADVANCE, null, false, null),
                devices, FREE);
        List<String> first = offered(run.start(T0));
        assertThat(run.left(first.get(0), T0.plusSeconds(1))).containsExactly(new Decision.Withdraw(first.get(0)));
        assertThat(run.groups().get(0).count(DeviceState.EXCLUDED)).isEqualTo(1);

        // moved to a Maxwell 1.1 profile of the same product: its start would have excluded it
        assertThat(run.joined(new TargetDevice(first.get(0), Dialect.MAXWELL_11, Set.of(), false, "a"),
                T0.plusSeconds(2))).isEmpty();
        assertThat(run.device(first.get(0)).orElseThrow().reason()).isEqualTo(Reason.UNSUPPORTED_DIALECT);
        assertThat(run.groups().get(0).count(DeviceState.EXCLUDED)).isZero();
        assertThat(run.total().get(DeviceState.EXCLUDED)).isEqualTo(1);
    }

    // ---- the maintenance window

    @Test
    void offersWaitForTheMaintenanceWindowAndTheGroupIsJudgedOnlyOnceAllAreOffered() {
        // 22:00 to 22:10 in Berlin (21:00 to 21:10 UTC in winter); T0 is 11:00 there
        MaintenanceWindow evening = new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(22, 10),
                ZoneId.of("Europe/Berlin"));
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(2), ADVANCE, evening, false, null),
                devices(4), FREE);
        assertThat(run.start(T0)).containsExactly(new Decision.GroupStarted(0));
        // nothing offered, so nothing to judge: a group of scheduled devices does not pass as empty
        assertThat(run.groups().get(0).count(DeviceState.SCHEDULED)).isEqualTo(2);
        assertThat(run.groups().get(0).status()).isEqualTo(GroupStatus.RUNNING);
        assertThat(run.tick(Instant.parse("2026-12-07T20:59:59Z"))).isEmpty();
        Instant opens = Instant.parse("2026-12-07T21:00:00Z");
        List<String> first = offered(run.tick(opens));
        assertThat(first).hasSize(2);
        assertThat(run.device(first.get(0)).orElseThrow().offeredAt()).isEqualTo(opens);
        confirm(run, first.get(0), opens.plusSeconds(60));
        // the group succeeds after the window closed: the next group starts, its devices wait for the next evening
        Instant closed = Instant.parse("2026-12-07T21:20:00Z");
        assertThat(confirm(run, first.get(1), closed)).containsExactly(new Decision.GroupStarted(1));
        assertThat(run.groups().get(1).count(DeviceState.SCHEDULED)).isEqualTo(2);
        assertThat(run.tick(Instant.parse("2026-12-08T20:59:59Z"))).isEmpty();
        assertThat(offered(run.tick(Instant.parse("2026-12-08T21:00:00Z")))).hasSize(2);
    }

    @Test
    void anEmergencyStopRollsBackOutsideTheMaintenanceWindowToo() {
        MaintenanceWindow night = new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(4, 0),
                ZoneId.of("Europe/Berlin"));
        RolloutRun run = RolloutRun.plan(rollout(RELEASE, Rollout.equalGroups(1), ADVANCE, night, false, null),
                devices(2), FREE);
        run.start(T0);
        run.tick(Instant.parse("2026-12-07T21:00:00Z"));
        assertThat(run.stopAndRollBack()).filteredOn(d -> d instanceof Decision.RollBack).hasSize(2);
    }

    // ---- helpers

    private static Rollout rollout(RolloutTarget target, List<Group> groups, Conditions conditions,
                                   MaintenanceWindow window, boolean approval, Instant startAt) {
        return new Rollout(ID, "acme", "alice", target, groups, conditions, WINDOW, window, approval, startAt,
                Rollout.DEFAULT_DIGEST_REFUSAL_LIMIT);
    }

    private static RolloutRun plan(List<Group> groups, Conditions conditions, List<TargetDevice> devices) {
        return RolloutRun.plan(rollout(RELEASE, groups, conditions, null, false, null), devices, FREE);
    }

    private static List<TargetDevice> devices(int count) {
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(device(String.format("7c2f80%06x", i)));
        }
        return devices;
    }

    private static TargetDevice device(String mac) {
        return new TargetDevice(mac, Dialect.MAXWELL_10, Set.of(), false, PREVIOUS);
    }

    private static List<String> offered(List<Decision> decisions) {
        return decisions.stream().filter(d -> d instanceof Decision.Offer).map(d -> ((Decision.Offer) d).mac())
                .toList();
    }

    private static int groupOf(RolloutRun run, String mac) {
        return run.device(mac).orElseThrow().group();
    }

    private static List<Decision> confirm(RolloutRun run, String mac, Instant at) {
        return run.checkin(provisioned(mac, at, "provisioning.xml", "nvm/updates.xml", "nvm/settings.xml"), at);
    }

    private static List<Decision> refuse(RolloutRun run, String mac, int times) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            Instant at = T0.plusSeconds(i);
            decisions.addAll(run.digestRefused(mac, at, at));
        }
        return decisions;
    }

    private static DeviceCheckin provisioned(String mac, Instant at, String... files) {
        return DeviceCheckin.provisioned(mac, "acme", files[files.length - 1], List.of(files), UVC, "10.0.0.1",
                userAgent("2.22.4", mac), at, DeviceCheckin.HTTP);
    }

    private static String userAgent(String firmware, String mac) {
        return "Gigaset Maxwell 3/" + firmware + ";" + mac.toUpperCase();
    }

    private static void assertRefused(Runnable input, String code) {
        assertThatThrownBy(input::run).isInstanceOfSatisfying(RolloutRefused.class,
                refused -> assertThat(refused.code()).isEqualTo(code));
    }
}
