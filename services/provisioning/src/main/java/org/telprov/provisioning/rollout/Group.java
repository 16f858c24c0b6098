package org.telprov.provisioning.rollout;

/**
 * One wave of a rollout as the partner defines it: a {@code share} of the target devices (a weight: the devices not
 * taken by label groups are split in proportion to the shares, so shares that add up to 100 read as percentages) or
 * the devices carrying a {@code label}; its own conditions, or {@code null} for the rollout's.
 */
public record Group(String name, Integer share, String label, Conditions conditions) {

    public Group {
        if ((share == null) == (label == null)) {
            throw new IllegalArgumentException("a group has either a share or a label");
        }
        if (share != null && share < 1) {
            throw new IllegalArgumentException("a share is at least 1");
        }
    }

    public static Group share(String name, int share) {
        return new Group(name, share, null, null);
    }

    public static Group label(String name, String label) {
        return new Group(name, null, label, null);
    }

    public Group with(Conditions conditions) {
        return new Group(name, share, label, conditions);
    }
}
