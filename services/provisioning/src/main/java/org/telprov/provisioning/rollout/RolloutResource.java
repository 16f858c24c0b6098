package org.telprov.provisioning.rollout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/**
 * The partner API for rollouts (docs/rollouts.md): create, approve, start, pause, resume, next group, cancel, stop and
 * roll back, retry the failed devices; progress and the devices of one state. A partner acts on its tenant's
 * rollouts, the operator on every tenant's; another tenant's rollout answers like an unknown one.
 */
@Path("/api/v1/rollouts")
@Tag(name = "Rollouts", description = "A release brought to a profile's devices, or a firmware image to the devices "
        + "of a product's channel, in groups that stop themselves")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private static final String REFUSED = "The rollout's status does not allow it: ";

    private final RolloutService rollouts;
    private final Caller caller;

    public RolloutResource(RolloutService rollouts, Caller caller) {
        this.rollouts = rollouts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Create a rollout of a profile's release or of a product's firmware",
            description = "kind release: plans the groups over the profile's devices (those of the filter); a device "
                    + "pinned on the profile is excluded. kind firmware: over the tenant's devices of the product "
                    + "(vendor and model, case-insensitive) whose release gives them the channel's firmware; devices "
                    + "of the product whose dialect gets no firmware from the platform are excluded "
                    + "(unsupported_dialect). Waits for approval (approvalRequired) or to be started. "
                    + "Emits rollout.created.")
    @APIResponse(responseCode = "201", description = "The rollout, planned",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, malformed_body, unknown_profile, unknown_release, unknown_artifact or "
                    + "unknown_channel: a field breaks its rule (a field of the other kind, both or neither of "
                    + "confirmationMinutes and confirmationSeconds, a window below the service's minimum), or names a "
                    + "profile, release, artifact or channel the tenant does not have")
    @APIResponse(responseCode = "409", description = "not_for_rollout, product_mismatch or already_on_channel: the "
            + "release was not published with ?audience=rollout, so its audience gets it already; the artifact is "
            + "firmware of another product; the channel names the artifact already")
    public Response create(@Valid @NotNull RolloutRequest request) {
        RolloutView rollout = rollouts.create(caller.tenant(), request, caller.principal());
        return Response.created(URI.create("/api/v1/rollouts/" + rollout.id())).entity(rollout).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the rollouts, newest first",
            description = "The caller's tenant's; every tenant's for the operator, or one tenant's with ?tenant=.")
    @APIResponse(responseCode = "200", description = "A page of rollouts with their progress")
    @APIResponse(responseCode = "400", description = "invalid_parameter: page or size breaks its rule; "
            + "validation_failed: the operator's tenant is not a tenant id")
    public Page<RolloutView> list(@RestQuery Integer page, @RestQuery Integer size,
                                  @Inputs.TenantId @RestQuery
                                  @Parameter(description = "the operator's: only this tenant's rollouts (a partner's "
                                          + "own regardless)") String tenant) {
        return rollouts.list(caller.scope(tenant), Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Show a rollout and its progress, per group and in total")
    @APIResponse(responseCode = "200", description = "The rollout")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    public RolloutView get(@Inputs.Id @PathParam("id") String id) {
        return rollouts.find(id(id), caller.scope());
    }

    @GET
    @Path("/{id}/devices")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the rollout's devices of one state, by MAC",
            description = "With the reason of each failure, timeout or exclusion.")
    @APIResponse(responseCode = "200", description = "A page of the rollout's devices")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the id, state, page or size breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    public Page<RolloutDeviceView> devices(
            @Inputs.Id @PathParam("id") String id,
            @RestQuery @Parameter(description = "scheduled, offered, fetched, confirmed, failed, timed_out or "
                    + "excluded; every state when omitted") String state,
            @RestQuery Integer page, @RestQuery Integer size) {
        return rollouts.devices(id(id), caller.scope(), state(state), Inputs.page(page), Inputs.size(size));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Approve a rollout: a partner-admin other than its creator, or the operator",
            description = "Emits rollout.approved.")
    @APIResponse(responseCode = "200", description = "The rollout, ready to start")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "not_awaiting_approval or approver_is_creator: "
            + "it needs no approval (any more), or the creator approves")
    public RolloutView approve(@Inputs.Id @PathParam("id") String id) {
        return rollouts.approve(id(id), caller.scope(), caller.principal());
    }

    @POST
    @Path("/{id}/start")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Start the first group",
            description = "Emits rollout.started and rollout.group.started.")
    @APIResponse(responseCode = "200", description = "The rollout, running")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "approval_required, not_ready or target_busy: "
            + REFUSED + "it waits for approval, started already or ended, or another rollout runs on the profile")
    public RolloutView start(@Inputs.Id @PathParam("id") String id) {
        return rollouts.start(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Pause: nothing more is offered; devices offered still settle",
            description = "Emits rollout.paused.")
    @APIResponse(responseCode = "200", description = "The rollout, paused")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "not_running: " + REFUSED + "it does not run")
    public RolloutView pause(@Inputs.Id @PathParam("id") String id) {
        return rollouts.pause(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Resume: the error conditions shown are taken as seen, a group below success is passed",
            description = "Emits rollout.resumed.")
    @APIResponse(responseCode = "200", description = "The rollout, running")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "not_paused: " + REFUSED + "it does not pause")
    public RolloutView resume(@Inputs.Id @PathParam("id") String id) {
        return rollouts.resume(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/next-group")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Start the next group, whatever the current one's conditions say",
            description = "Emits rollout.group.started.")
    @APIResponse(responseCode = "200", description = "The rollout")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "not_running or no_next_group: "
            + REFUSED + "it does not run, or its last group runs")
    public RolloutView nextGroup(@Inputs.Id @PathParam("id") String id) {
        return rollouts.nextGroup(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Cancel: devices not reached stay on what they had, devices reached keep the change",
            description = "Emits rollout.cancelled.")
    @APIResponse(responseCode = "200", description = "The rollout, cancelled")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "ended: " + REFUSED + "it ended")
    public RolloutView cancel(@Inputs.Id @PathParam("id") String id) {
        return rollouts.cancel(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/stop")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Emergency stop: every device offered gets its previous version back",
            description = "Emits rollout.stopped.")
    @APIResponse(responseCode = "200", description = "The rollout, stopped")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "not_started or ended: "
            + REFUSED + "nothing was offered yet (cancel instead), or it ended")
    public RolloutView stop(@Inputs.Id @PathParam("id") String id) {
        return rollouts.stopAndRollBack(id(id), caller.scope());
    }

    @POST
    @Path("/{id}/retry-failed")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "A new rollout of the same release over the devices of this one that failed or timed out",
            description = "Emits rollout.created.")
    @APIResponse(responseCode = "201", description = "The new rollout, planned",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such rollout")
    @APIResponse(responseCode = "409", description = "no_failed_devices, unknown_profile or not_for_rollout: no "
            + "device failed that is still on the profile, the profile is gone, or its release is for all now")
    public Response retryFailed(@Inputs.Id @PathParam("id") String id) {
        RolloutView rollout = rollouts.retryFailed(caller.tenant(), id(id), caller.principal());
        return Response.created(URI.create("/api/v1/rollouts/" + rollout.id())).entity(rollout).build();
    }

    /** An id that is no UUID names no rollout: the same 404 as an unknown one. */
    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("rollout " + id);
        }
    }

    private static DeviceState state(String state) {
        if (state == null) {
            return null;
        }
        try {
            return DeviceState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_parameter", "state is scheduled, offered, fetched, "
                    + "confirmed, failed, timed_out or excluded", "state");
        }
    }
}
