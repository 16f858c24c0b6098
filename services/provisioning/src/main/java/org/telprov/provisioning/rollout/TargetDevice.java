package org.telprov.provisioning.rollout;

import org.telprov.provisioning.profile.Dialect;

import java.util.Objects;
import java.util.Set;

/**
 * A device the rollout's target names, as the engine needs it: its dialect (which files confirm), labels (label
 * groups), whether it is pinned to a release of the profile (then excluded) and the version it has now, which an
 * emergency stop gives it back.
 */
public record TargetDevice(String mac, Dialect dialect, Set<String> labels, boolean pinned, String previousVersion) {

    public TargetDevice {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(dialect, "dialect");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
    }
}
