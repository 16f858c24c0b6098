package org.telprov.firmware.quota;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.telprov.partner.Caller;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;
import org.telprov.support.problem.ProblemException;

/** Storage quotas of the firmware scopes: partners read their tenant's, the operator reads and sets every scope's. */
@Path("/api/v1/firmware/quotas")
@Tag(name = "Firmware storage quotas", description = "How many bytes of artifacts a tenant (or the platform) may keep")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private final StorageQuotas quotas;
    private final Caller caller;

    public QuotaResource(StorageQuotas quotas, Caller caller) {
        this.quotas = quotas;
        this.caller = caller;
    }

    @GET
    @Path("/{scope}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "A scope's quota and usage",
            description = "A partner reads its own tenant's (another scope answers 404); the operator any tenant's, "
                    + "or _platform.")
    @APIResponse(responseCode = "200", description = "The scope's quota and usage")
    @APIResponse(responseCode = "400",
            description = "validation_failed: the scope is neither a tenant id nor _platform")
    @APIResponse(responseCode = "404", description = "not_found: a partner asked for another scope than its tenant's")
    public QuotaView get(@PathParam("scope") String scope) {
        String checked = scope(scope);
        if (!caller.isOperator() && !checked.equals(caller.ownScope())) {
            throw ProblemException.notFound("quota of " + scope);
        }
        return view(checked);
    }

    @PUT
    @Path("/{scope}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Set a scope's quota",
            description = "Replaces the default (telprov.firmware.quota.tenant or .platform). Lowering it below what "
                    + "the scope uses keeps its artifacts and refuses further uploads until it is below again.")
    @APIResponse(responseCode = "200", description = "The scope's quota and usage")
    @APIResponse(responseCode = "400",
            description = "validation_failed or malformed_body: the scope or quotaBytes breaks its rule")
    public QuotaView set(@PathParam("scope") String scope, @Valid @NotNull QuotaRequest request) {
        String checked = scope(scope);
        quotas.set(checked, request.quotaBytes(), caller.principal());
        return view(checked);
    }

    @DELETE
    @Path("/{scope}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Give a scope the default quota again")
    @APIResponse(responseCode = "204", description = "The scope has the default quota again")
    @APIResponse(responseCode = "400",
            description = "validation_failed: the scope is neither a tenant id nor _platform")
    public Response reset(@PathParam("scope") String scope) {
        quotas.reset(scope(scope));
        return Response.noContent().build();
    }

    private QuotaView view(String scope) {
        var set = quotas.set(scope);
        return new QuotaView(scope, quotas.quota(scope), quotas.used(scope), set.isPresent());
    }

    private static String scope(String scope) {
        if (!Caller.PLATFORM.equals(scope) && !Caller.TENANT_ID.matcher(scope).matches()) {
            throw ProblemException.badRequest("validation_failed", "scope: a tenant id or " + Caller.PLATFORM,
                    "scope");
        }
        return scope;
    }
}
