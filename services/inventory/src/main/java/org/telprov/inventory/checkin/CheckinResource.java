package org.telprov.inventory.checkin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.inventory.device.DeviceService;
import org.telprov.inventory.device.DeviceView;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.util.List;

/** One device's check-in history. */
// The class path names the sub-resource: with a bare /api/v1 here, JAX-RS would pick DeviceResource (the longer literal
// prefix) for /api/v1/devices/{mac}/checkins and find no method there.
@Path("/api/v1/devices/{mac}/checkins")
@Tag(name = "Check-ins", description = "What the tenant's devices fetched, and when")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
public class CheckinResource {

    private final CheckinService checkins;
    private final DeviceService devices;
    private final Caller caller;

    public CheckinResource(CheckinService checkins, DeviceService devices, Caller caller) {
        this.checkins = checkins;
        this.devices = devices;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A device's recent check-ins, newest first",
            description = "Only those of the current claim: a MAC claimed after another tenant released it starts empty.")
    @APIResponse(responseCode = "400",
            description = "invalid_mac or invalid_parameter: the MAC, page or size breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: no device of the caller's tenant has the MAC")
    @APIResponse(responseCode = "200", description = "A page of the device's check-ins, newest first")
    public Page<CheckinService.View> history(@PathParam("mac") String mac, @QueryParam("page") Integer page,
                                             @QueryParam("size") Integer size) {
        MacAddress device = Inputs.mac(mac, "mac");
        DeviceView owned = devices.find(caller.scope(), device)
                .orElseThrow(() -> ProblemException.notFound("device " + mac));
        return checkins.history(owned, Inputs.page(page), Inputs.size(size));
    }
}
