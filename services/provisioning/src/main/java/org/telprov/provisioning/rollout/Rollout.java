package org.telprov.provisioning.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A rollout as the partner defines it: the target, the groups in order (the dynamic last group for devices that join
 * while it runs is implied), the conditions of groups that have none of their own, the confirmation window after an
 * offer, an optional maintenance window and start time, whether a second person must approve it, and how many Digest
 * refusals after the offer fail a device.
 *
 * @param maintenanceWindow {@code null}: offers at any time
 * @param startAt           {@code null}: started by hand only
 */
public record Rollout(UUID id, String tenantId, String createdBy, RolloutTarget target, List<Group> groups,
                      Conditions conditions, Duration confirmationWindow, MaintenanceWindow maintenanceWindow,
                      boolean approvalRequired, Instant startAt, int digestRefusalLimit) {

    /** Refusals after the offer that mean the device cannot authenticate for what it was offered, not one glitch. */
    public static final int DEFAULT_DIGEST_REFUSAL_LIMIT = 3;

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(confirmationWindow, "confirmationWindow");
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a rollout has at least one group");
        }
        if (confirmationWindow.isNegative() || confirmationWindow.isZero()) {
            throw new IllegalArgumentException("the confirmation window is positive");
        }
        if (digestRefusalLimit < 1) {
            throw new IllegalArgumentException("the Digest refusal limit is at least 1");
        }
    }

    /** {@code count} groups of equal shares, named {@code 1} to {@code count}. */
    public static List<Group> equalGroups(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one group");
        }
        List<Group> groups = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            groups.add(Group.share(String.valueOf(i), 1));
        }
        return groups;
    }

    /** The conditions group {@code index} is judged by; the dynamic last group has the rollout's. */
    Conditions conditionsOf(int index) {
        if (index < groups.size() && groups.get(index).conditions() != null) {
            return groups.get(index).conditions();
        }
        return conditions;
    }
}
