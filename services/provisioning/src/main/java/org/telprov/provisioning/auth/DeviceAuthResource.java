package org.telprov.provisioning.auth;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;
import org.telprov.support.problem.ProblemException;

/** The partner API for a tenant's device authentication: partner admins change it, partners read it. */
@Path("/api/v1/device-auth")
@Tag(name = "Device authentication", description = "Whether device files need HTTP Digest, and which stay public")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceAuthResource {

    private final DeviceAuthService settings;
    private final DeviceCredentialStore credentials;
    private final Caller caller;

    public DeviceAuthResource(DeviceAuthService settings, DeviceCredentialStore credentials, Caller caller) {
        this.settings = settings;
        this.credentials = credentials;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read the tenant's device authentication",
            description = "A tenant that never set it has mode digest and the default lists.")
    @APIResponse(responseCode = "200", description = "The tenant's device authentication")
    public DeviceAuthSettings get() {
        return settings.stored(caller.tenant());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace the tenant's device authentication",
            description = "Omitted lists take their defaults. 400 validation_failed for an unknown mode, file name "
                    + "or algorithm. Other replicas apply it within telprov.provisioning.memory.poll-interval.")
    @APIResponse(responseCode = "200", description = "The device authentication as stored")
    @APIResponse(responseCode = "400",
            description = "validation_failed or malformed_body: an unknown mode, file name, dialect or algorithm")
    public DeviceAuthSettings replace(@NotNull DeviceAuthSettings request) {
        return settings.replace(caller.tenant(), request, caller.principal());
    }

    @DELETE
    @Path("/devices/{mac}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Forget which credentials a device holds",
            description = "For a device reset to its factory state: its next fetch is a first stage again, and its "
                    + "credentials file is served without Digest until it authenticates. 204 whether or not anything "
                    + "was known (another tenant's device included); 400 validation_failed for a malformed MAC.")
    @APIResponse(responseCode = "204", description = "Forgotten, or nothing was known")
    @APIResponse(responseCode = "400", description = "validation_failed: not a MAC address")
    public Response forget(@PathParam("mac") String mac) {
        if (mac == null || !MacAddress.isValid(mac)) {
            throw ProblemException.badRequest("validation_failed", "not a MAC address", "mac");
        }
        credentials.forget(MacAddress.parse(mac).toString(), caller.tenant());
        return Response.noContent().build();
    }
}
