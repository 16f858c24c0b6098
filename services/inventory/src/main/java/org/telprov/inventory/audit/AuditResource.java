package org.telprov.inventory.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;

import java.util.List;
import java.util.Optional;

/** The audit log: a tenant reads the entries of its own devices, the operator reads all or one tenant's. */
@Path("/api/v1/audit")
@Tag(name = "Audit", description = "Claims, updates, moves and releases of devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.PARTNER_ADMIN, Roles.OPERATOR})
public class AuditResource {

    private final AuditLog audit;
    private final Caller caller;

    public AuditResource(AuditLog audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List audit entries, newest first",
            description = "The operator reads every tenant's entries, or one tenant's with ?tenant=.")
    @APIResponse(responseCode = "400",
            description = "invalid_mac, invalid_parameter or validation_failed: the mac, page, size or tenant breaks "
                    + "its rule")
    @APIResponse(responseCode = "200", description = "A page of audit entries, newest first")
    public Page<AuditLog.View> list(@QueryParam("mac") @Parameter(description = "only the entries of this MAC")
                                    String mac, @QueryParam("page") Integer page,
                                    @QueryParam("size") Integer size,
                                    @Inputs.TenantId @QueryParam("tenant") @Parameter(
                                            description = "the operator's: only this tenant's entries") String tenant) {
        Optional<String> device = Optional.ofNullable(mac).map(text -> Inputs.mac(text, "mac").toString());
        return audit.list(caller.scope(tenant), device, Inputs.page(page), Inputs.size(size));
    }
}
