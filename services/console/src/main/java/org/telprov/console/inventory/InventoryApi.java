package org.telprov.console.inventory;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import java.util.List;

/**
 * The inventory service's partner API, as far as the console's pages use it; every call carries the person's token.
 * A {@code tenant} parameter narrows a listing for the operator and is ignored for a partner; null leaves it out.
 */
@RegisterRestClient(configKey = "inventory")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface InventoryApi {

    @GET
    @Path("/tenants")
    List<InventoryViews.Tenant> tenants();

    @GET
    @Path("/tenants/{id}")
    InventoryViews.Tenant tenant(@PathParam("id") String id);

    @POST
    @Path("/tenants")
    @Consumes(MediaType.APPLICATION_JSON)
    InventoryViews.Tenant createTenant(InventoryViews.NewTenant tenant);

    @PATCH
    @Path("/tenants/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    InventoryViews.Tenant updateTenant(@PathParam("id") String id, InventoryViews.TenantChange change);

    @GET
    @Path("/summary")
    InventoryViews.Summary summary(@QueryParam("tenant") String tenant);

    /** One tenant's firmware versions and release adoption; the operator names the tenant, a partner's is its own. */
    @GET
    @Path("/summary/fleet")
    InventoryViews.Fleet fleet(@QueryParam("tenant") String tenant);

    @GET
    @Path("/devices")
    InventoryViews.Page<InventoryViews.Device> devices(@QueryParam("macPrefix") String macPrefix,
                                                       @QueryParam("model") String model,
                                                       @QueryParam("label") String label,
                                                       @QueryParam("lastSeenAfter") String lastSeenAfter,
                                                       @QueryParam("lastSeenBefore") String lastSeenBefore,
                                                       @QueryParam("neverSeen") Boolean neverSeen,
                                                       @QueryParam("sort") String sort,
                                                       @QueryParam("order") String order,
                                                       @QueryParam("page") int page,
                                                       @QueryParam("size") int size,
                                                       @QueryParam("tenant") String tenant);

    @GET
    @Path("/devices/{mac}")
    InventoryViews.Device device(@PathParam("mac") String mac);

    @POST
    @Path("/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    InventoryViews.Device register(InventoryViews.Registration registration);

    @PUT
    @Path("/devices/{mac}/profile")
    @Consumes(MediaType.APPLICATION_JSON)
    InventoryViews.Device move(@PathParam("mac") String mac, InventoryViews.Move move);

    @DELETE
    @Path("/devices/{mac}")
    void release(@PathParam("mac") String mac);

    @POST
    @Path("/devices/import")
    @Consumes("text/csv")
    InventoryViews.ImportReport importCsv(byte[] csv);

    @GET
    @Path("/devices/{mac}/checkins")
    InventoryViews.Page<InventoryViews.Checkin> checkins(@PathParam("mac") String mac, @QueryParam("page") int page,
                                                         @QueryParam("size") int size);

    @GET
    @Path("/audit")
    InventoryViews.Page<InventoryViews.AuditEntry> audit(@QueryParam("mac") String mac, @QueryParam("page") int page,
                                                         @QueryParam("size") int size,
                                                         @QueryParam("tenant") String tenant);
}
