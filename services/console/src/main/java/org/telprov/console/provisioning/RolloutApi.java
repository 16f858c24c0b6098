package org.telprov.console.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
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

/**
 * The provisioning service's rollouts, as the pages use them, with the person's token: the API decides whose
 * rollouts the person sees (a partner its tenant's, the operator every tenant's) and which command it allows.
 */
@RegisterRestClient(configKey = "provisioning")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public interface RolloutApi {

    @GET
    InventoryViews.Page<RolloutViews.Rollout> rollouts(@QueryParam("page") int page, @QueryParam("size") int size,
                                                      @QueryParam("tenant") String tenant);

    @GET
    @Path("/{id}")
    RolloutViews.Rollout rollout(@PathParam("id") String id);

    /** The rollout's devices of one state, by MAC; every state when {@code state} is {@code null}. */
    @GET
    @Path("/{id}/devices")
    InventoryViews.Page<RolloutViews.Device> devices(@PathParam("id") String id, @QueryParam("state") String state,
                                                     @QueryParam("page") int page, @QueryParam("size") int size);

    /** Plans a rollout; the body is the API's request as the form filled it, its rules checked by the API. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    RolloutViews.Rollout create(JsonNode request);

    /**
     * One of the commands ({@code approve}, {@code start}, {@code pause}, {@code resume}, {@code next-group},
     * {@code cancel}, {@code stop}, {@code retry-failed}): the rollout after it, or for {@code retry-failed} the new
     * rollout it created.
     */
    @POST
    @Path("/{id}/{command}")
    RolloutViews.Rollout command(@PathParam("id") String id, @PathParam("command") String command);
}
