package org.telprov.console.provisioning;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** The provisioning service's profiles and releases, as the pages use them, with the person's token. */
@RegisterRestClient(configKey = "provisioning")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
public interface ProvisioningApi {

    @GET
    InventoryViews.Page<ProvisioningViews.Profile> profiles(@QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/{name}")
    ProvisioningViews.Profile profile(@PathParam("name") String name);

    @GET
    @Path("/{name}/releases")
    InventoryViews.Page<ProvisioningViews.Release> releases(@PathParam("name") String name,
                                                            @QueryParam("page") int page,
                                                            @QueryParam("size") int size);

    /**
     * Publishes the profile's current content: to all its devices, a percentage or those with a label (at most one of
     * the two), or, with {@code from}, that earlier release's content again (a roll back).
     */
    @POST
    @Path("/{name}/releases")
    ProvisioningViews.Release publish(@PathParam("name") String name, @QueryParam("percent") String percent,
                                      @QueryParam("label") String label, @QueryParam("from") String from);
}
