package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.NEXT_GROUP;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.WAIT;

/** What a rollout definition refuses, and whose conditions a group is judged by. */
class RolloutDefinitionTest {

    private static final Conditions DEFAULTS = new Conditions(90, NEXT_GROUP, 20);
    private static final RolloutTarget TARGET = RolloutTarget.release("acme", "office", "2026-12-07_09:00:00");

    @Test
    void aGroupHasEitherAShareOrALabel() {
        assertThatThrownBy(() -> new Group("both", 10, "lab", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Group("neither", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Group.share("none", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRolloutHasGroupsAPositiveConfirmationWindowAndARefusalLimit() {
        assertThatThrownBy(() -> rollout(List.of(), Duration.ofMinutes(30), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rollout(Rollout.equalGroups(2), Duration.ZERO, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rollout(Rollout.equalGroups(2), Duration.ofMinutes(30), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rollout.equalGroups(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupWithoutConditionsOfItsOwnAndTheDynamicGroupHaveTheRollouts() {
        Conditions pilot = new Conditions(100, WAIT, 10);
        Rollout rollout = rollout(List.of(Group.share("pilot", 1).with(pilot), Group.share("rest", 9)),
                Duration.ofMinutes(30), 3);
        assertThat(rollout.conditionsOf(0)).isEqualTo(pilot);
        assertThat(rollout.conditionsOf(1)).isEqualTo(DEFAULTS);
        assertThat(rollout.conditionsOf(2)).isEqualTo(DEFAULTS);
    }

    @Test
    void releaseAndFirmwareRolloutsNameTheTargetThatMayHaveOneRunningRollout() {
        assertThat(TARGET.key()).isEqualTo("profile:acme/office");
        assertThat(RolloutTarget.firmware("_platform", "Gigaset", "Maxwell 3", "stable", "a1", "2.23.0").key())
                .isEqualTo("channel:_platform/Gigaset/Maxwell 3/stable");
        assertThatThrownBy(() -> new RolloutTarget(RolloutTarget.Kind.FIRMWARE, "channel:x", "a1", null))
                .isInstanceOf(NullPointerException.class);
    }

    private static Rollout rollout(List<Group> groups, Duration window, int refusals) {
        return new Rollout(UUID.randomUUID(), "acme", "alice", TARGET, groups, DEFAULTS, window, null, false, null,
                refusals);
    }
}
