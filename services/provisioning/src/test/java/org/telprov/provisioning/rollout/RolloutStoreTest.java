package org.telprov.provisioning.rollout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.NEXT_GROUP;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.WAIT;

/** A run stored in the rollout tables comes back as it was, its group counts kept in rollout_group. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class RolloutStoreTest {

    // in the maintenance window below: midnight in Berlin
    private static final Instant T0 = Instant.parse("2026-12-07T23:00:00Z");
    private static final String UVC = "2026-12-07_09:00:00";
    private static final RolloutGuard FREE = key -> Optional.empty();

    @Inject
    RolloutStore store;

    @Test
    void aStoredRunIsRestoredAsItWasAndItsGroupCountsAreRight() {
        Rollout rollout = rollout("store-office", List.of(
                Group.label("vip", "vip").with(new Conditions(100, WAIT, 1)),
                Group.share("pilot", 1), Group.share("rest", 2)));
        RolloutRun planned = RolloutRun.plan(rollout, devices("7c2f81", 31), FREE);
        QuarkusTransaction.requiringNew().run(() -> store.insert(row(rollout), planned, T0));

        RunState afterInputs = QuarkusTransaction.requiringNew().call(() -> {
            RolloutStore.Stored stored = store.lock(rollout.id(), Optional.of("store-acme")).orElseThrow();
            assertThat(stored.row().rollout()).isEqualTo(rollout);
            assertThat(stored.row().filter()).isEqualTo(new TargetFilter(List.of("mx3b"), List.of(), "7c2f"));
            RolloutRun run = store.load(stored);
            assertThat(run.state()).isEqualTo(planned.state());

            run.start(T0);
            List<String> offered = run.devices(DeviceState.OFFERED).stream().map(DeviceProgress::mac).toList();
            run.checkin(checkin(offered.get(0), T0.plusSeconds(1), "provisioning.xml", "nvm/updates.xml",
                    "nvm/settings.xml"), T0.plusSeconds(1));
            run.checkin(checkin(offered.get(1), T0.plusSeconds(2), "provisioning.xml"), T0.plusSeconds(2));
            run.digestRefused(offered.get(2), T0.plusSeconds(3), T0.plusSeconds(3));
            run.left(offered.get(3), T0.plusSeconds(4));
            long version = store.save(stored, run, List.of(offered.get(4)), T0.plusSeconds(4));
            assertThat(version).isEqualTo(2);
            return run.state();
        });

        QuarkusTransaction.requiringNew().run(() -> {
            RolloutStore.Stored stored = store.lock(rollout.id(), Optional.empty()).orElseThrow();
            assertThat(stored.row().version()).isEqualTo(2);
            assertThat(stored.row().startedAt()).isEqualTo(T0.plusSeconds(4));
            RolloutRun restored = store.load(stored);
            assertThat(restored.state()).isEqualTo(afterInputs);
            List<RolloutStore.GroupRow> rows = store.groups(rollout.id());
            assertThat(rows).extracting(RolloutStore.GroupRow::name)
                    .containsExactly("vip", "pilot", "rest", RolloutRun.DYNAMIC_GROUP);
            for (GroupProgress group : restored.groups()) {
                assertThat(rows.get(group.index()).devices()).as(group.name()).isEqualTo(nonZero(group.devices()));
                assertThat(rows.get(group.index()).status()).isEqualTo(group.status());
            }
            Map<DeviceState, Integer> counted = new EnumMap<>(DeviceState.class);
            rows.forEach(g -> g.devices().forEach((state, n) -> counted.merge(state, n, Integer::sum)));
            counted.merge(DeviceState.EXCLUDED, stored.row().excluded(), Integer::sum);
            assertThat(counted).isEqualTo(restored.total());
            assertThat(stored.row().excluded()).as("the pinned device").isEqualTo(1);
        });
        assertThat(store.devices(rollout.id(), DeviceState.EXCLUDED, 0, 10).items())
                .extracting(RolloutStore.DeviceRow::reason)
                .containsExactlyInAnyOrder(Reason.PINNED, Reason.LEFT_TARGET);
        assertThat(store.devices(rollout.id(), null, 0, 50).items()).filteredOn(d -> d.rolledBackAt() != null)
                .hasSize(1);
    }

    @Test
    void aPageOfOneStateCountsAndOrdersItsDevicesAsTheRunDoesAtAnyDepth() {
        Rollout rollout = rollout("store-pages", List.of(Group.label("vip", "vip"), Group.share("rest", 1)));
        RolloutRun planned = RolloutRun.plan(rollout, devices("7c2f83", 40), FREE);
        QuarkusTransaction.requiringNew().run(() -> store.insert(row(rollout), planned, T0));
        RolloutRun run = QuarkusTransaction.requiringNew().call(() -> {
            RolloutStore.Stored stored = store.lock(rollout.id(), Optional.empty()).orElseThrow();
            RolloutRun loaded = store.load(stored);
            loaded.start(T0);
            List<String> offered = loaded.devices(DeviceState.OFFERED).stream().map(DeviceProgress::mac).toList();
            loaded.checkin(checkin(offered.get(0), T0.plusSeconds(1), "provisioning.xml", "nvm/updates.xml",
                    "nvm/settings.xml"), T0.plusSeconds(1));
            loaded.checkin(checkin(offered.get(1), T0.plusSeconds(2), "provisioning.xml"), T0.plusSeconds(2));
            loaded.left(offered.get(2), T0.plusSeconds(3));
            store.save(stored, loaded, List.of(), T0.plusSeconds(3));
            return loaded;
        });

        List<DeviceState> states = new ArrayList<>(List.of(DeviceState.values()));
        states.add(null);
        for (DeviceState state : states) {
            List<String> expected = (state == null ? run.state().devices().stream().map(RunState.DeviceRecord::mac)
                    : run.devices(state).stream().map(DeviceProgress::mac)).sorted().toList();
            List<String> read = new ArrayList<>();
            for (int page = 0; ; page++) {
                var rows = store.devices(rollout.id(), state, page, 3);
                assertThat(rows.total()).as(String.valueOf(state)).isEqualTo(expected.size());
                if (rows.items().isEmpty()) {
                    break;
                }
                rows.items().forEach(d -> read.add(d.mac()));
            }
            assertThat(read).as(String.valueOf(state)).isEqualTo(expected);
        }
    }

    @Test
    void theTargetsUniqueIndexRefusesASecondRunningRolloutEvenPastTheGuard() {
        Rollout first = rollout("store-busy", Rollout.equalGroups(2));
        Rollout second = new Rollout(UUID.randomUUID(), first.tenantId(), "bob", first.target(), first.groups(),
                first.conditions(), first.confirmationWindow(), null, false, null, 3);
        QuarkusTransaction.requiringNew().run(() -> {
            store.insert(row(first), RolloutRun.plan(first, devices("7c2f82", 4), FREE), T0);
            store.insert(row(second), RolloutRun.plan(second, devices("7c2f82", 4), FREE), T0);
        });
        QuarkusTransaction.requiringNew().run(() -> {
            RolloutStore.Stored stored = store.lock(first.id(), Optional.empty()).orElseThrow();
            RolloutRun run = store.load(stored);
            run.start(T0);
            store.save(stored, run, List.of(), T0);
        });

        // the guard a loaded run asks sees the first one
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            RolloutStore.Stored stored = store.lock(second.id(), Optional.empty()).orElseThrow();
            store.load(stored).start(T0);
        })).isInstanceOfSatisfying(RolloutRefused.class, refused -> assertThat(refused.code()).isEqualTo("target_busy"));
        // and a start that passed a guard (as two concurrent ones both can) cannot commit
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            RolloutStore.Stored stored = store.lock(second.id(), Optional.empty()).orElseThrow();
            RolloutRun blind = RolloutRun.restore(second, store.load(stored).state(), FREE);
            blind.start(T0);
            store.save(stored, blind, List.of(), T0);
        })).isInstanceOfSatisfying(RolloutRefused.class, refused -> assertThat(refused.code()).isEqualTo("target_busy"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.find(second.id(), Optional.empty())
                .orElseThrow().status())).isEqualTo(RolloutStatus.READY);
    }

    private static Rollout rollout(String profile, List<Group> groups) {
        return new Rollout(UUID.randomUUID(), "store-acme", "alice", RolloutTarget.release("store-acme", profile, UVC),
                groups, new Conditions(80, NEXT_GROUP, 30), Duration.ofMinutes(30),
                new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(5, 0), ZoneId.of("Europe/Berlin")), false,
                T0.plusSeconds(3600), 4);
    }

    private static RolloutRow row(Rollout rollout) {
        return new RolloutRow(rollout, "office", UUID.randomUUID(), null, null, null,
                new TargetFilter(List.of("mx3b"), List.of(), "7C2F"), null, 0, T0, null, null, 1);
    }

    /** Devices with the MAC prefix: every fifth carries the label vip, the first is pinned. */
    private static List<TargetDevice> devices(String prefix, int count) {
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(new TargetDevice(prefix + String.format("%06x", i), Dialect.MAXWELL_10,
                    i % 5 == 1 ? Set.of("vip") : Set.of(), i == 0, "2026-11-01_09:00:00"));
        }
        return devices;
    }

    private static Map<DeviceState, Integer> nonZero(Map<DeviceState, Integer> devices) {
        Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
        devices.forEach((state, n) -> {
            if (n > 0) {
                counts.put(state, n);
            }
        });
        return counts;
    }

    private static DeviceCheckin checkin(String mac, Instant at, String... files) {
        return DeviceCheckin.provisioned(mac, "store-acme", files[files.length - 1], List.of(files), UVC, "10.0.0.1",
                "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at, DeviceCheckin.HTTP);
    }
}
