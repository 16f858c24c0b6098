package org.telprov.inventory.checkin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;

import java.time.Instant;

/** The tenant's devices at a glance (every tenant's for the operator). */
@Path("/api/v1/summary")
@Tag(name = "Check-ins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
public class SummaryResource {

    private final CheckinService checkins;
    private final FleetSummaries fleets;
    private final Caller caller;

    public SummaryResource(CheckinService checkins, FleetSummaries fleets, Caller caller) {
        this.checkins = checkins;
        this.fleets = fleets;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "How many devices were never seen, or seen in the last 24 hours",
            description = "The caller's tenant's; every tenant's for the operator, or one tenant's with ?tenant=.")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(schema = @Schema(implementation = CheckinService.Summary.class)))
    @APIResponse(responseCode = "400", description = "validation_failed: the operator's tenant is not a tenant id "
            + "(errors[].field is tenant)")
    public CheckinService.Summary summary(
            @Inputs.TenantId @QueryParam("tenant")
            @Parameter(description = "the operator's: only this tenant's devices (a partner's own regardless)")
            String tenant) {
        return checkins.summary(caller.scope(tenant), Instant.now());
    }

    @GET
    @Path("/fleet")
    @Operation(summary = "What one tenant's devices run and fetched",
            description = "From each device's last check-in: how many devices run each firmware version (per model), "
                    + "and per profile how many last fetched each release (UVC). The most common are listed, the "
                    + "rest counted in 'more'. A partner gets its tenant's; the operator names the tenant, since "
                    + "profile names are only unique within one.")
    @APIResponse(responseCode = "200", description = "The tenant's firmware versions and release adoption",
            content = @Content(schema = @Schema(implementation = FleetSummaries.Fleet.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed: the operator named no tenant, or not a valid tenant id "
                    + "(errors[].field is tenant)")
    public FleetSummaries.Fleet fleet(
            @QueryParam("tenant") @Parameter(description = "the tenant, for the operator (ignored for a partner)")
            String tenant) {
        return fleets.of(caller.tenantFor(tenant));
    }
}
