package org.telprov.provisioning.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * A rollout row beyond the state machine's state: what the target names (profile, or vendor, product, channel and
 * artifact), how its devices were chosen, and its stamps. {@code version} grows with every stored change.
 */
public record RolloutRow(Rollout rollout, String profile, UUID profileId, String vendor, String product,
                         String channel, TargetFilter filter, UUID retryOf, int excluded, Instant createdAt,
                         Instant startedAt, Instant endedAt, long version) {

    public UUID id() {
        return rollout.id();
    }
}
