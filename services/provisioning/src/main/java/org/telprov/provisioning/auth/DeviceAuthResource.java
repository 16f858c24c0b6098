package org.telprov.provisioning.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.CallerTenant;

/** The partner API for a tenant's device authentication: partner admins change it, partners read it. */
@Path("/api/v1/device-auth")
@Tag(name = "Device authentication", description = "Whether device files need HTTP Digest, and which stay public")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceAuthResource {

    private final DeviceAuthService settings;
    private final CallerTenant caller;

    public DeviceAuthResource(DeviceAuthService settings, CallerTenant caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"partner-admin", "partner"})
    @Operation(summary = "Read the tenant's device authentication",
            description = "A tenant that never set it has mode off (every file public) and the default lists.")
    public DeviceAuthSettings get() {
        return settings.stored(caller.id());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("partner-admin")
    @Operation(summary = "Replace the tenant's device authentication",
            description = "Omitted lists take their defaults. 400 validation_failed for an unknown mode, file name "
                    + "or algorithm. Other replicas apply it within telprov.provisioning.device-auth.settings-ttl.")
    public DeviceAuthSettings replace(@NotNull DeviceAuthSettings request) {
        return settings.replace(caller.id(), request, caller.principal());
    }
}
