package org.telprov.inventory.device;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.net.URI;

/**
 * The partner API for the caller's own devices. Partners see and change only their tenant's devices; the operator
 * reads every tenant's and can release any.
 */
@Path("/api/v1/devices")
@Tag(name = "Devices", description = "The devices of the caller's tenant")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final Caller caller;

    public DeviceResource(DeviceService devices, Caller caller) {
        this.devices = devices;
        this.caller = caller;
    }

    /** The new profile of a device. */
    public record Move(@Inputs.Name
                       String profile) {
    }

    @POST
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Register a device for the caller's tenant",
            description = "409 owned_by_other_tenant when another tenant owns the MAC, already_registered when the "
                    + "caller's tenant does. To retry safely, use PUT on the device's URL.")
    @APIResponse(responseCode = "201", description = "The device, registered for the caller's tenant",
            content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_mac or malformed_body: a field breaks its rule "
                    + "(errors[].field names it)")
    @APIResponse(responseCode = "409",
            description = "owned_by_other_tenant or already_registered: another tenant owns the MAC, or the "
                    + "caller's tenant does")
    public Response register(@Valid @NotNull DeviceRequest request) {
        if (request.mac() == null) {
            throw ProblemException.badRequest("validation_failed", "mac is required", "mac");
        }
        DeviceService.Saved saved = devices.save(caller.tenant(), caller.principal(), mac(request.mac()), request, false);
        return Response.created(URI.create("/api/v1/devices/" + saved.device().mac())).entity(saved.device()).build();
    }

    @PUT
    @Path("/{mac}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Register or replace a device (idempotent)",
            description = "201 when the MAC was claimed, 200 when the tenant's device was replaced or already equal.")
    @APIResponse(responseCode = "201", description = "The MAC was claimed for the caller's tenant",
            content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "200", description = "The tenant's device, replaced or already equal",
            content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_mac, mac_mismatch or malformed_body: a field breaks its "
                    + "rule, or the body's mac is not the path's")
    @APIResponse(responseCode = "409", description = "owned_by_other_tenant: another tenant owns the MAC")
    public Response put(@PathParam("mac") String mac, @Valid @NotNull DeviceRequest request) {
        MacAddress path = mac(mac);
        if (request.mac() != null && !mac(request.mac()).equals(path)) {
            throw ProblemException.badRequest("mac_mismatch", "the body's mac differs from the URL's", "mac");
        }
        DeviceService.Saved saved = devices.save(caller.tenant(), caller.principal(), path, request, true);
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.device()).build();
    }

    @GET
    @RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
    @Operation(summary = "List devices", description = "Filters combine with AND; pages are stable (ties by MAC). "
            + "The operator lists every tenant's devices, or one tenant's with ?tenant=.")
    @APIResponse(responseCode = "400",
            description = "invalid_parameter or validation_failed: a query parameter (tenant too) breaks its rule "
                    + "(errors[].field names it)")
    @APIResponse(responseCode = "200", description = "A page of the caller's devices")
    public Page<DeviceView> list(
            @QueryParam("macPrefix") @Parameter(description = "hex digits, separators allowed") String macPrefix,
            @Inputs.Model @QueryParam("model") @Parameter(description = "exact model") String model,
            @Inputs.Label @QueryParam("label") @Parameter(description = "devices carrying the label") String label,
            @QueryParam("lastSeenBefore") @Parameter(description = "ISO-8601 instant") String lastSeenBefore,
            @QueryParam("lastSeenAfter") @Parameter(description = "ISO-8601 instant") String lastSeenAfter,
            @QueryParam("neverSeen") @Parameter(description = "true: only devices that never checked in (not "
                    + "combinable with lastSeenBefore/lastSeenAfter); false: only those that did") String neverSeen,
            @QueryParam("sort") @Parameter(description = "mac (default), createdAt, updatedAt, lastSeen, model")
            String sort,
            @QueryParam("order") @Parameter(description = "asc (default) or desc") String order,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size,
            @Inputs.TenantId @QueryParam("tenant")
            @Parameter(description = "the operator's: only this tenant's devices (a partner's own regardless)")
            String tenant) {
        return devices.list(caller.scope(tenant), DeviceQuery.of(macPrefix, model, label, lastSeenBefore, lastSeenAfter,
                neverSeen, sort, order, page, size));
    }

    @GET
    @Path("/{mac}")
    @RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
    @Operation(summary = "Read a device", description = "404 for unknown MACs and other tenants' devices alike.")
    @APIResponse(responseCode = "400", description = "invalid_mac: the path's MAC is not 12 hex digits")
    @APIResponse(responseCode = "404", description = "not_found: no device of the caller's tenant has the MAC")
    @APIResponse(responseCode = "200", description = "The device")
    public DeviceView get(@PathParam("mac") String mac) {
        return devices.find(caller.scope(), mac(mac)).orElseThrow(() -> ProblemException.notFound("device " + mac));
    }

    @PUT
    @Path("/{mac}/profile")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Move a device to another provisioning profile")
    @APIResponse(responseCode = "400",
            description = "invalid_mac, validation_failed or malformed_body: the MAC or the profile name breaks "
                    + "its rule")
    @APIResponse(responseCode = "404", description = "not_found: no device of the caller's tenant has the MAC")
    @APIResponse(responseCode = "200", description = "The device, on its new profile")
    public DeviceView move(@PathParam("mac") String mac, @Valid @NotNull Move move) {
        return devices.move(caller.scope(), caller.principal(), mac(mac), move.profile());
    }

    @DELETE
    @Path("/{mac}")
    @RolesAllowed({Roles.PARTNER_ADMIN, Roles.OPERATOR})
    @Operation(summary = "Release (unregister) a device", description = "Its MAC can then be claimed again.")
    @APIResponse(responseCode = "204", description = "Released; the MAC can be claimed again")
    @APIResponse(responseCode = "400", description = "invalid_mac: the path's MAC is not 12 hex digits")
    @APIResponse(responseCode = "404", description = "not_found: no device of the caller's tenant has the MAC")
    public Response release(@PathParam("mac") String mac) {
        devices.release(caller.scope(), caller.principal(), mac(mac));
        return Response.noContent().build();
    }

    private static MacAddress mac(String text) {
        return Inputs.mac(text, "mac");
    }
}
