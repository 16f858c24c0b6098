package org.telprov.provisioning.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which group each device of a rollout is in: the first label group (in order) whose label it carries, else a share
 * group by its place in the order of {@link #rank}, a hash of the rollout id and the MAC. So membership is random with
 * respect to MACs (a vendor's consecutive MACs, often one site's phones, are spread over the groups), the same every
 * time it is computed for the same rollout and devices, and different for another rollout.
 */
final class Membership {

    /** Not in any group: label groups only, and none of their labels. */
    static final int NONE = -1;

    private Membership() {
    }

    /** The group index of each device by MAC, {@link #NONE} where no group takes it. */
    static Map<String, Integer> assign(UUID rolloutId, List<Group> groups, List<TargetDevice> devices) {
        Map<String, Integer> groupOf = new HashMap<>();
        List<TargetDevice> rest = new ArrayList<>();
        for (TargetDevice device : devices) {
            int label = labelGroup(groups, device);
            if (label >= 0) {
                groupOf.put(device.mac(), label);
            } else {
                rest.add(device);
            }
        }
        List<Integer> shareGroups = new ArrayList<>();
        long totalShares = 0;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).share() != null) {
                shareGroups.add(i);
                totalShares += groups.get(i).share();
            }
        }
        if (shareGroups.isEmpty()) {
            rest.forEach(device -> groupOf.put(device.mac(), NONE));
            return groupOf;
        }
        // each rank computed once, not in every comparison: a hash per device, not per comparison of 100,000
        List<Ranked> ranked = new ArrayList<>(rest.size());
        MessageDigest sha256 = sha256();
        for (TargetDevice device : rest) {
            ranked.add(new Ranked(rank(sha256, rolloutId, device.mac()), device.mac()));
        }
        ranked.sort(Comparator.comparingLong(Ranked::rank).thenComparing(Ranked::mac));
        long n = ranked.size();
        long shares = 0;
        int from = 0;
        for (int group : shareGroups) {
            shares += groups.get(group).share();
            // cumulative bounds, so rounding never loses or doubles a device and the last group ends at n
            int to = (int) (shares * n / totalShares);
            for (int i = from; i < to; i++) {
                groupOf.put(ranked.get(i).mac(), group);
            }
            from = to;
        }
        return groupOf;
    }

    /**
     * The device's place in the rollout's order, from the first 8 bytes of {@code sha256(<rollout id> + <mac>)},
     * shifted so that signed comparison orders it as the unsigned number.
     */
    private static long rank(MessageDigest sha256, UUID rolloutId, String mac) {
        byte[] hash = sha256.digest((rolloutId + mac).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(hash).getLong() ^ Long.MIN_VALUE;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Ranked(long rank, String mac) {
    }

    private static int labelGroup(List<Group> groups, TargetDevice device) {
        for (int i = 0; i < groups.size(); i++) {
            String label = groups.get(i).label();
            if (label != null && device.labels().contains(label)) {
                return i;
            }
        }
        return -1;
    }
}
