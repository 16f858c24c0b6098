package org.telprov.console.firmware;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.telprov.console.api.BearerTokenPropagation;
import org.telprov.console.api.ProblemResponses;
import org.telprov.console.inventory.InventoryViews;

import java.util.List;

/**
 * The firmware service's artifacts and channels, as the pages read and move them, with the person's token. Uploads do
 * not go through this client: {@link FirmwareUploads} streams them.
 */
@RegisterRestClient(configKey = "firmware")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1/firmware")
@Produces(MediaType.APPLICATION_JSON)
public interface FirmwareApi {

    @GET
    @Path("/artifacts")
    InventoryViews.Page<FirmwareViews.Artifact> artifacts(@QueryParam("vendor") String vendor,
                                                          @QueryParam("product") String product,
                                                          @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/artifacts/{id}")
    FirmwareViews.Artifact artifact(@PathParam("id") String id);

    @GET
    @Path("/products/{vendor}/{product}/channels")
    List<FirmwareViews.Channel> channels(@PathParam("vendor") String vendor, @PathParam("product") String product);

    @PUT
    @Path("/products/{vendor}/{product}/channels/{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    FirmwareViews.Channel moveChannel(@PathParam("vendor") String vendor, @PathParam("product") String product,
                                      @PathParam("channel") String channel, FirmwareViews.ChannelMove move);
}
