package org.telprov.provisioning.release;

/**
 * Fired synchronously in a publish's transaction, before the profile's row is locked, when the new release is not for
 * rollouts: a rollout of the profile is overtaken by it. Its observer locks the rollout's row first, the lock order
 * every writer of both keeps (rollout row, then profile row).
 */
public record PublishingOutsideRollouts(String tenantId, String profile) {
}
