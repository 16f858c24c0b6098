package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Group membership is random with respect to MACs, stable for a rollout, and splits shares exactly. */
class MembershipTest {

    private static final UUID ROLLOUT = UUID.fromString("6f1c2a3e-8d4b-4c1a-9f0e-1a2b3c4d5e6f");

    @Test
    void equalGroupsSplitTheDevicesExactly() {
        Map<String, Integer> groupOf = Membership.assign(ROLLOUT, Rollout.equalGroups(3), devices(100));
        assertThat(sizes(groupOf)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 33, 1, 33, 2, 34));
    }

    @Test
    void sharesAreWeightsThatReadAsPercentagesWhenTheyAddUpToAHundred() {
        List<Group> groups = List.of(Group.share("pilot", 5), Group.share("early", 25), Group.share("rest", 70));
        Map<String, Integer> groupOf = Membership.assign(ROLLOUT, groups, devices(1000));
        assertThat(sizes(groupOf)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 50, 1, 250, 2, 700));
    }

    @Test
    void membershipIsTheSameEveryTimeWhateverTheOrderOfTheDevices() {
        List<TargetDevice> devices = devices(200);
        List<TargetDevice> shuffled = new ArrayList<>(devices);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(Membership.assign(ROLLOUT, Rollout.equalGroups(4), shuffled))
                .isEqualTo(Membership.assign(ROLLOUT, Rollout.equalGroups(4), devices));
    }

    @Test
    void membershipDoesNotFollowMacOrderAndDiffersBetweenRollouts() {
        List<TargetDevice> devices = devices(100);
        Map<String, Integer> groupOf = Membership.assign(ROLLOUT, Rollout.equalGroups(2), devices);
        // consecutive MACs (one site's phones, often) are spread over both groups, not the first 50 in group 0
        List<Integer> firstHalf = devices.subList(0, 50).stream().map(d -> groupOf.get(d.mac())).toList();
        assertThat(firstHalf).contains(0, 1);
        Map<String, Integer> other = Membership.assign(UUID.randomUUID(), Rollout.equalGroups(2), devices);
        assertThat(other).isNotEqualTo(groupOf);
    }

    @Test
    void labelGroupsTakeTheirDevicesFirstAndShareGroupsSplitTheRest() {
        List<TargetDevice> devices = new ArrayList<>(devices(10));
        devices.add(new TargetDevice("7c2f80ffff01", Dialect.MAXWELL_10, Set.of("lab"), false, "old"));
        devices.add(new TargetDevice("7c2f80ffff02", Dialect.MAXWELL_10, Set.of("lab", "hq"), false, "old"));
        List<Group> groups = List.of(Group.label("lab", "lab"), Group.share("rest", 1));
        Map<String, Integer> groupOf = Membership.assign(ROLLOUT, groups, devices);
        assertThat(groupOf.get("7c2f80ffff01")).isZero();
        assertThat(groupOf.get("7c2f80ffff02")).isZero();
        assertThat(sizes(groupOf)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2, 1, 10));
    }

    @Test
    void withLabelGroupsOnlyADeviceWithoutTheirLabelsIsInNoGroup() {
        List<TargetDevice> devices = List.of(
                new TargetDevice("7c2f80ffff01", Dialect.MAXWELL_10, Set.of("lab"), false, "old"),
                new TargetDevice("7c2f80ffff02", Dialect.MAXWELL_10, Set.of(), false, "old"));
        Map<String, Integer> groupOf = Membership.assign(ROLLOUT, List.of(Group.label("lab", "lab")), devices);
        assertThat(groupOf).containsEntry("7c2f80ffff01", 0).containsEntry("7c2f80ffff02", Membership.NONE);
    }

    static List<TargetDevice> devices(int count) {
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(new TargetDevice(String.format("7c2f80%06x", i), Dialect.MAXWELL_10, Set.of(), false, "old"));
        }
        return devices;
    }

    private static Map<Integer, Integer> sizes(Map<String, Integer> groupOf) {
        return groupOf.values().stream().collect(Collectors.groupingBy(g -> g, Collectors.summingInt(g -> 1)));
    }
}
