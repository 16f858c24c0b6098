package org.telprov.provisioning.rollout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;

/** The partner API for a tenant's rollout policy: partner admins change it, partners read it. */
@Path("/api/v1/rollout-policy")
@Tag(name = "Rollouts", description = "A release brought to a profile's devices in groups that stop themselves")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutPolicyResource {

    private final RolloutService rollouts;
    private final Caller caller;

    public RolloutPolicyResource(RolloutService rollouts, Caller caller) {
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read the tenant's rollout policy", description = "A tenant that never set it requires no "
            + "approval (a rollout's request may still ask for one).")
    @APIResponse(responseCode = "200", description = "The tenant's rollout policy")
    public RolloutPolicy get() {
        return rollouts.policy(caller.tenant());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace the tenant's rollout policy",
            description = "Applies to rollouts created afterwards.")
    @APIResponse(responseCode = "200", description = "The rollout policy as stored")
    @APIResponse(responseCode = "400", description = "validation_failed or malformed_body: approvalRequired is missing")
    public RolloutPolicy replace(@NotNull RolloutPolicy policy) {
        return rollouts.replacePolicy(caller.tenant(), policy, caller.principal());
    }
}
