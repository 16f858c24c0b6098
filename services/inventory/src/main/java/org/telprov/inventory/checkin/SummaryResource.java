package org.telprov.inventory.checkin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;

import java.time.Instant;

/** The tenant's devices at a glance (every tenant's for the operator). */
@Path("/api/v1/summary")
@Tag(name = "Check-ins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
public class SummaryResource {

    private final CheckinService checkins;
    private final Caller caller;

    public SummaryResource(CheckinService checkins, Caller caller) {
        this.checkins = checkins;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "How many devices were never seen, or seen in the last 24 hours")
    public CheckinService.Summary summary() {
        return checkins.summary(caller.scope(), Instant.now());
    }
}
