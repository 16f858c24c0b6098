package org.telprov.console.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientQueryParam;
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
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.telprov.console.api.BearerTokenPropagation;
import org.telprov.console.api.ProblemResponses;
import org.telprov.console.inventory.InventoryViews;

/**
 * The provisioning service's profiles, releases and pins, as the pages use them, with the person's token. A
 * {@code tenant} of {@code null} is left out of the query: partners' tokens name theirs, the operator names one.
 */
@RegisterRestClient(configKey = "provisioning")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
public interface ProvisioningApi {

    @GET
    InventoryViews.Page<ProvisioningViews.Profile> profiles(@QueryParam("page") int page, @QueryParam("size") int size,
                                                            @QueryParam("tenant") String tenant);

    @GET
    @Path("/{name}")
    ProvisioningViews.Profile profile(@PathParam("name") String name, @QueryParam("tenant") String tenant);

    /**
     * The profile exactly as the API answers it, every member kept: an edit sends back what it does not change
     * (overrides, settings, firmware...) as it came, secrets without their values, which the API then keeps.
     */
    @GET
    @Path("/{name}")
    JsonNode profileAsIs(@PathParam("name") String name);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    ProvisioningViews.Profile create(JsonNode profile);

    /** Replaces the profile's content; a secret parameter sent without a value keeps its stored value. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    ProvisioningViews.Profile replace(@PathParam("name") String name, JsonNode profile);

    @GET
    @Path("/{name}/releases")
    InventoryViews.Page<ProvisioningViews.Release> releases(@PathParam("name") String name,
                                                            @QueryParam("tenant") String tenant,
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

    /**
     * Publishes the profile's current content for rollouts: no device gets it until a rollout offers it
     * (docs/rollouts.md, offers in routing).
     */
    @POST
    @Path("/{name}/releases")
    @ClientQueryParam(name = "audience", value = "rollout")
    ProvisioningViews.Release publishForRollouts(@PathParam("name") String name);

    /** What changes from one release to another; secret values are compared by the API, never sent. */
    @GET
    @Path("/{name}/releases/{from}/diff/{to}")
    ProvisioningViews.Diff diff(@PathParam("name") String name, @PathParam("from") String from,
                                @PathParam("to") String to, @QueryParam("tenant") String tenant);

    @GET
    @Path("/{name}/pins")
    InventoryViews.Page<ProvisioningViews.Pin> pins(@PathParam("name") String name, @QueryParam("tenant") String tenant,
                                                    @QueryParam("page") int page, @QueryParam("size") int size);

    @PUT
    @Path("/{name}/pins/{mac}")
    @Consumes(MediaType.APPLICATION_JSON)
    ProvisioningViews.Pin pin(@PathParam("name") String name, @PathParam("mac") String mac,
                              ProvisioningViews.PinRequest request);

    @DELETE
    @Path("/{name}/pins/{mac}")
    void unpin(@PathParam("name") String name, @PathParam("mac") String mac);
}
