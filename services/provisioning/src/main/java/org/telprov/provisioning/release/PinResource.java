package org.telprov.provisioning.release;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.partner.Caller;
import org.telprov.support.problem.Inputs;

import java.net.URI;

/** The partner API for pinning devices to a release of their profile. */
@Path("/api/v1/profiles/{name}/pins")
@Tag(name = "Pins", description = "Devices held on one release of their profile instead of the newest")
@Produces(MediaType.APPLICATION_JSON)
public class PinResource {

    private final PinService pins;
    private final Caller caller;

    public PinResource(PinService pins, Caller caller) {
        this.pins = pins;
        this.caller = caller;
    }

    @PUT
    @Path("/{mac}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Pin a device to a release of the profile",
            description = "201 when pinned, 200 when an earlier pin was replaced. 404 for a profile, release or device "
                    + "the tenant does not have; 409 not_on_profile when the device is on another profile.")
    @APIResponse(responseCode = "201", description = "The device is pinned",
            content = @Content(schema = @Schema(implementation = PinView.class)))
    @APIResponse(responseCode = "200", description = "An earlier pin of the device was replaced",
            content = @Content(schema = @Schema(implementation = PinView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_mac or malformed_body: the name, MAC or UVC breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile, release or device")
    @APIResponse(responseCode = "409", description = "not_on_profile: the device is on another profile")
    public Response pin(@Inputs.Name @PathParam("name") String name, @PathParam("mac") String mac,
                        @Valid @NotNull PinRequest request) {
        PinService.Pinned pinned = pins.pin(caller.tenant(), name, Inputs.mac(mac, "mac").toString(),
                request.uvc(), caller.principal());
        if (pinned.created()) {
            return Response.created(URI.create("/api/v1/profiles/" + name + "/pins/" + pinned.pin().mac()))
                    .entity(pinned.pin()).build();
        }
        return Response.ok(pinned.pin()).build();
    }

    @DELETE
    @Path("/{mac}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Unpin a device: it gets the profile's newest release for it again")
    @APIResponse(responseCode = "204", description = "Unpinned")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_mac: the name or MAC breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile or pin")
    public Response unpin(@Inputs.Name @PathParam("name") String name, @PathParam("mac") String mac) {
        pins.unpin(caller.tenant(), name, Inputs.mac(mac, "mac").toString());
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the profile's pins by MAC", description = "The operator adds ?tenant=.")
    @APIResponse(responseCode = "200", description = "A page of the profile's pins, by MAC")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the name, tenant, page or size breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    public Page<PinView> list(@Inputs.Name @PathParam("name") String name, @Inputs.TenantId @RestQuery String tenant,
                        @RestQuery Integer page,
                        @RestQuery Integer size) {
        return pins.list(caller.tenantFor(tenant), name, Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/{mac}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Show a device's pin on the profile")
    @APIResponse(responseCode = "200", description = "The device's pin")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_mac: the name, MAC or tenant breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile or pin")
    public PinView get(@Inputs.Name @PathParam("name") String name, @PathParam("mac") String mac,
                       @Inputs.TenantId @RestQuery String tenant) {
        return pins.find(caller.tenantFor(tenant), name, Inputs.mac(mac, "mac").toString());
    }
}
