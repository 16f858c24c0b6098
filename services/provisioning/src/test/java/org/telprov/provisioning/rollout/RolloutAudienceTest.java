package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's memory follows what it saved itself: a device that settled drops out, a group that starts comes in,
 * another rollout's devices stay, and an ended rollout is forgotten.
 */
class RolloutAudienceTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String UVC = "2026-12-07_09:00:00";

    private final RolloutAudience audience = new RolloutAudience(null);

    @Test
    void aSettledDeviceDropsOutAndTheNextGroupComesIn() {
        UUID id = UUID.randomUUID();
        RolloutRun run = running(id, "7c2f80");
        List<String> first = waiting(run);
        audience.applied(id, "acme", 2, run);
        assertThat(first).allSatisfy(mac -> assertThat(audience.rollouts("acme", mac(mac))).containsExactly(id));

        run.checkin(confirmation(first.get(0)), T0.plusSeconds(1));
        audience.applied(id, "acme", 3, run);
        assertThat(audience.rollouts("acme", mac(first.get(0)))).isEmpty();
        assertThat(audience.rollouts("acme", mac(first.get(1)))).containsExactly(id);
        assertThat(audience.size()).isEqualTo(1);

        // the group's last confirmation starts the next group
        run.checkin(confirmation(first.get(1)), T0.plusSeconds(2));
        audience.applied(id, "acme", 4, run);
        List<String> second = waiting(run);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
        assertThat(second).allSatisfy(mac -> assertThat(audience.rollouts("acme", mac(mac))).containsExactly(id));
        assertThat(audience.rollouts("acme", mac(first.get(1)))).isEmpty();
        assertThat(audience.size()).isEqualTo(2);
    }

    @Test
    void anotherRolloutsDevicesStayAndAnEndedRolloutIsForgotten() {
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        RolloutRun run = running(one, "7c2f80");
        RolloutRun otherRun = running(other, "7c2f81");
        audience.applied(one, "acme", 2, run);
        audience.applied(other, "acme", 2, otherRun);

        run.cancel();
        audience.applied(one, "acme", 3, run);

        assertThat(audience.size()).isEqualTo(2);
        assertThat(waiting(otherRun)).allSatisfy(mac -> assertThat(audience.rollouts("acme", mac(mac)))
                .containsExactly(other));
        assertThat(audience.rollouts("globex", mac(waiting(otherRun).get(0)))).isEmpty();
    }

    private static RolloutRun running(UUID id, String prefix) {
        Rollout rollout = new Rollout(id, "acme", "alice", RolloutTarget.release("acme", "office", UVC),
                List.of(Group.share("a", 1), Group.share("b", 1)),
                new Conditions(100, Conditions.SuccessAction.NEXT_GROUP, 50), Duration.ofMinutes(30), null, false,
                null, Rollout.DEFAULT_DIGEST_REFUSAL_LIMIT);
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(new TargetDevice(prefix + String.format("%06x", i), Dialect.MAXWELL_10, Set.of(), false, null));
        }
        RolloutRun run = RolloutRun.plan(rollout, devices, key -> Optional.empty());
        run.start(T0);
        return run;
    }

    private static List<String> waiting(RolloutRun run) {
        return run.devices(DeviceState.OFFERED).stream().map(DeviceProgress::mac).toList();
    }

    private static DeviceCheckin confirmation(String mac) {
        return DeviceCheckin.provisioned(mac, "acme", "nvm/settings.xml",
                List.of("provisioning.xml", "nvm/updates.xml", "nvm/settings.xml"), UVC, "10.0.0.1",
                "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), T0.plusSeconds(1), DeviceCheckin.HTTP);
    }

    private static long mac(String mac) {
        return Long.parseLong(mac, 16);
    }
}
