package org.telprov.firmware.channel;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;

import java.util.List;

/** The partner and operator API for a product's channels. */
@Path("/api/v1/firmware/products/{vendor}/{product}/channels")
@Tag(name = "Firmware channels", description = "Named pointers (latest, stable, beta, …) from a product to an artifact")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChannelResource {

    private final ChannelService channels;
    private final Caller caller;

    public ChannelResource(ChannelService channels, Caller caller) {
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "The product's channels the caller can read: its tenant's and the platform-wide ones")
    @APIResponse(responseCode = "200", description = "The channels, the caller's scope's and the platform-wide ones")
    @APIResponse(responseCode = "400", description = "validation_failed: the vendor or product breaks its rule")
    public List<ChannelView> list(@Inputs.Vendor @PathParam("vendor") String vendor,
                                  @Inputs.Model @PathParam("product") String product) {
        return channels.list(vendor, product, caller::canRead);
    }

    @PUT
    @Path("/{channel}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Point a channel of the caller's scope at an artifact",
            description = "Creates the channel if needed and publishes firmware.channel.updated. The artifact may be "
                    + "the tenant's own or platform-wide firmware of the same product.")
    @APIResponse(responseCode = "200", description = "The channel, pointing at the artifact")
    @APIResponse(responseCode = "400",
            description = "validation_failed or malformed_body: the vendor, product, channel or artifactId breaks "
                    + "its rule")
    @APIResponse(responseCode = "404", description = "not_found: no artifact the caller can read has the id")
    @APIResponse(responseCode = "409", description = "product_mismatch: the artifact is of another product")
    public ChannelView move(@Inputs.Vendor @PathParam("vendor") String vendor,
                            @Inputs.Model @PathParam("product") String product,
                            @Inputs.Channel @PathParam("channel") String channel, @Valid @NotNull MoveChannelRequest request) {
        return channels.move(caller.ownScope(), vendor, product, channel, request.artifactId(), caller::canRead);
    }
}
