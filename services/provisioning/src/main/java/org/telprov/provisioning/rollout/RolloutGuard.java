package org.telprov.provisioning.rollout;

import java.util.Optional;
import java.util.UUID;

/**
 * Which rollout runs on a target (a profile, or a product's channel), asked before a rollout starts: one running
 * (or paused) rollout per target at a time. Backed later by the rollout table (a unique index on the target of
 * rollouts that run or pause, so two starts cannot both pass).
 */
@FunctionalInterface
public interface RolloutGuard {

    /** The rollout that runs or pauses on the target key, if any. */
    Optional<UUID> running(String targetKey);
}
