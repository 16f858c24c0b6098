package org.telprov.inventory.tenant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Roles;
import org.telprov.support.problem.ProblemException;
import org.telprov.support.problem.Inputs;

import java.net.URI;
import java.util.List;

/** The operator's API for tenants. */
@Path("/api/v1/tenants")
@Tag(name = "Tenants", description = "Provisioning customers; operator only")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;

    public TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @POST
    @Operation(summary = "Create a tenant")
    @APIResponse(responseCode = "201", description = "The tenant",
            content = @Content(schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_url_template or malformed_body: a field breaks its rule "
                    + "(errors[].field names it)")
    @APIResponse(responseCode = "409", description = "tenant_exists: a tenant has the id")
    public Response create(@Valid @NotNull TenantRequest request) {
        TenantView created = tenants.create(request);
        return Response.created(URI.create("/api/v1/tenants/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "List tenants")
    public List<TenantView> list() {
        return tenants.list();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a tenant's name, provisioning URL template, status (active, suspended), redirect "
            + "authentication or time zone",
            description = "Fields left out stay as they are. Suspending stops the tenant's registrations and redirects.")
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_url_template or malformed_body: the id or a field breaks its "
                    + "rule")
    @APIResponse(responseCode = "404", description = "not_found: no tenant has the id")
    @APIResponse(responseCode = "200", description = "The tenant as changed")
    public TenantView update(@Inputs.TenantId @PathParam("id") String id, @Valid @NotNull TenantUpdate update) {
        return tenants.update(id, update);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a tenant")
    @APIResponse(responseCode = "400", description = "validation_failed: the id breaks the tenant id rule")
    @APIResponse(responseCode = "404", description = "not_found: no tenant has the id")
    @APIResponse(responseCode = "200", description = "The tenant")
    public TenantView get(@Inputs.TenantId @PathParam("id") String id) {
        return tenants.find(id).orElseThrow(() -> ProblemException.notFound("tenant " + id));
    }
}
