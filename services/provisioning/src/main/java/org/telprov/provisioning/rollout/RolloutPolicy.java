package org.telprov.provisioning.rollout;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tenant's rule for its rollouts. */
public record RolloutPolicy(
        @Schema(description = "Every rollout of the tenant waits for the approval of a second person (a "
                + "partner-admin other than its creator, or the operator), whatever its request says")
        Boolean approvalRequired) {
}
