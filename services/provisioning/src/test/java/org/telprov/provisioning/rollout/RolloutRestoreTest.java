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
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.NEXT_GROUP;

/** A run restored from its state is the same run: it answers the same state, and goes on exactly alike. */
class RolloutRestoreTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String UVC = "2026-12-07_09:00:00";
    private static final RolloutGuard FREE = key -> Optional.empty();

    @Test
    void aRestoredRunHasTheSameStateAndAnswersTheSameDecisions() {
        Rollout rollout = new Rollout(UUID.fromString("1d2c3b4a-0000-4000-8000-000000000001"), "acme", "alice",
                RolloutTarget.release("acme", "office", UVC), List.of(Group.share("pilot", 1), Group.share("rest", 3)),
                new Conditions(50, NEXT_GROUP, 60), Duration.ofMinutes(30), null, false, null, 3);
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            devices.add(new TargetDevice(String.format("7c2f80%06x", i), Dialect.MAXWELL_10, Set.of(), i == 0,
                    "2026-11-01_09:00:00"));
        }
        RolloutRun run = RolloutRun.plan(rollout, devices, FREE);
        run.start(T0);
        List<String> pilot = run.devices(DeviceState.OFFERED).stream().map(DeviceProgress::mac).toList();
        run.checkin(checkin(pilot.get(0), T0.plusSeconds(5), "provisioning.xml"), T0.plusSeconds(5));
        run.checkin(checkin(pilot.get(1), T0.plusSeconds(6), "provisioning.xml", "nvm/updates.xml",
                "nvm/settings.xml"), T0.plusSeconds(6));
        run.digestRefused(pilot.get(2), T0.plusSeconds(7), T0.plusSeconds(7));

        RolloutRun restored = RolloutRun.restore(rollout, run.state(), FREE);

        assertThat(restored.state()).isEqualTo(run.state());
        assertThat(restored.groups()).isEqualTo(run.groups());
        assertThat(restored.total()).isEqualTo(run.total());
        assertThat(restored.changedDevices()).as("nothing changed since the state was read").isEmpty();
        Instant later = T0.plus(Duration.ofMinutes(31));
        List<Decision> decisions = restored.tick(later);
        assertThat(decisions).isEqualTo(run.tick(later));
        // the pilot's windows ran out: the fetch without step 3 failed, the silent ones timed out
        assertThat(decisions).singleElement().isInstanceOf(Decision.Paused.class);
        assertThat(restored.state()).isEqualTo(run.state());
        assertThat(restored.status()).isEqualTo(RolloutStatus.PAUSED);
    }

    @Test
    void onlyTheDevicesAnInputChangedAreReportedChanged() {
        Rollout rollout = new Rollout(UUID.fromString("1d2c3b4a-0000-4000-8000-000000000002"), "acme", "alice",
                RolloutTarget.release("acme", "office", UVC), Rollout.equalGroups(2),
                new Conditions(50, NEXT_GROUP, 60), Duration.ofMinutes(30), null, false, null, 3);
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            devices.add(new TargetDevice(String.format("7c2f80%06x", i), Dialect.MAXWELL_10, Set.of(), false, null));
        }
        RolloutRun run = RolloutRun.plan(rollout, devices, FREE);
        assertThat(run.changedDevices()).as("planned").hasSize(10);

        run.start(T0);
        List<RunState.DeviceRecord> offered = run.changedDevices();

        assertThat(offered).hasSize(5).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(DeviceState.OFFERED);
            assertThat(d.offeredAt()).isEqualTo(T0);
        });
        assertThat(run.changedDevices()).isEmpty();
    }

    private static DeviceCheckin checkin(String mac, Instant at, String... files) {
        return DeviceCheckin.provisioned(mac, "acme", files[files.length - 1], List.of(files), UVC, "10.0.0.1",
                "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at, DeviceCheckin.HTTP);
    }
}
