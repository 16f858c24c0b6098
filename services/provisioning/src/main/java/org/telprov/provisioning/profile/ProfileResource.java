package org.telprov.provisioning.profile;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;

import java.net.URI;

/** The partner API for provisioning profiles: partner admins write their tenant's, partners read them, the operator reads all. */
@Path("/api/v1/profiles")
@Tag(name = "Profiles", description = "Named sets of settings, certificates, firmware and per-device overrides")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private final ProfileService profiles;
    private final Caller caller;

    public ProfileResource(ProfileService profiles, Caller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Create a profile", description = "409 profile_exists; 400 invalid_certificate, "
            + "validation_failed, duplicate_name, invalid_mac, invalid_parameter (a value with '{{' that is not a "
            + "valid template). Secret parameters and settings are stored encrypted.")
    @APIResponse(responseCode = "201", description = "The profile; secret values are not returned",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_certificate, duplicate_name, duplicate_mac, invalid_mac, "
                    + "invalid_parameter, unsupported_in_dialect or malformed_body: a field breaks its rule "
                    + "(errors[].field names it)")
    @APIResponse(responseCode = "409", description = "profile_exists: the tenant has a profile of that name")
    @APIResponse(responseCode = "503",
            description = "secrets_unavailable: no key to encrypt secret values is configured")
    public Response create(@Valid @NotNull ProfileRequest request) {
        ProfileView created = profiles.create(caller.tenant(), request);
        return Response.created(URI.create("/api/v1/profiles/" + created.name())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List profiles by name",
            description = "The caller's tenant's; every tenant's for the operator, or one tenant's with ?tenant=.")
    @APIResponse(responseCode = "200", description = "A page of profiles, by name")
    @APIResponse(responseCode = "400", description = "invalid_parameter: page or size out of range; "
            + "validation_failed: the operator's tenant is not a tenant id")
    public Page<ProfileView> list(@RestQuery Integer page, @RestQuery Integer size,
                                  @Inputs.TenantId @RestQuery
                                  @Parameter(description = "the operator's: only this tenant's profiles (a partner's "
                                          + "own regardless)") String tenant) {
        return profiles.list(caller.scope(tenant), Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read a profile", description = "Secret parameters carry no value. The operator adds ?tenant=.")
    @APIResponse(responseCode = "200", description = "The profile; secret parameters carry no value")
    @APIResponse(responseCode = "400",
            description = "validation_failed: the name or tenant breaks its rule, or the operator names no tenant")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    public ProfileView get(@Inputs.Name @PathParam("name") String name, @Inputs.TenantId @RestQuery String tenant) {
        return profiles.find(caller.tenantFor(tenant), name).orElseThrow(() -> ProfileService.notFound(name));
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace a profile's content",
            description = "A secret parameter or setting without a value keeps its stored value. Releases are not "
                    + "changed. 400 as for create.")
    @APIResponse(responseCode = "200", description = "The profile as stored")
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_certificate, duplicate_name, duplicate_mac, invalid_mac, "
                    + "invalid_parameter, unsupported_in_dialect or malformed_body: as for create")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    @APIResponse(responseCode = "503",
            description = "secrets_unavailable: no key to encrypt secret values is configured")
    public ProfileView replace(@Inputs.Name @PathParam("name") String name, @Valid @NotNull ProfileRequest request) {
        return profiles.replace(caller.tenant(), name, request);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Delete a profile and its releases")
    @APIResponse(responseCode = "204", description = "Deleted, with its releases")
    @APIResponse(responseCode = "400", description = "validation_failed: the name breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    public Response delete(@Inputs.Name @PathParam("name") String name) {
        profiles.delete(caller.tenant(), name);
        return Response.noContent().build();
    }
}
