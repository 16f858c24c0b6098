package org.telprov.inventory.device;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.CallerTenant;
import org.telprov.support.problem.ProblemException;

import java.net.URI;

/** The partner API for the caller's own devices. */
@Path("/api/v1/devices")
@Tag(name = "Devices", description = "The devices of the caller's tenant")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final CallerTenant caller;

    public DeviceResource(DeviceService devices, CallerTenant caller) {
        this.devices = devices;
        this.caller = caller;
    }

    @POST
    @RolesAllowed("partner-admin")
    @Operation(summary = "Register a device for the caller's tenant",
            description = "409 owned_by_other_tenant when another tenant owns the MAC.")
    public Response register(@Valid @NotNull RegisterDeviceRequest request) {
        DeviceView device = devices.register(caller.id(), request);
        return Response.created(URI.create("/api/v1/devices/" + device.mac())).entity(device).build();
    }

    @GET
    @Path("/{mac}")
    @RolesAllowed({"partner", "partner-admin"})
    @Operation(summary = "Read one of the caller's devices", description = "404 for unknown MACs and other tenants' devices alike.")
    public DeviceView get(@PathParam("mac") String mac) {
        return devices.find(caller.id(), mac).orElseThrow(() -> ProblemException.notFound("device " + mac));
    }
}
