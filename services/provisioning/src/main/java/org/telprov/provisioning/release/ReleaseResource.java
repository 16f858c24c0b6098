package org.telprov.provisioning.release;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.partner.Caller;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.support.problem.Inputs;

import java.net.URI;

/** The partner API for a profile's releases: publish (roll back, stage), widen, list, show, diff. */
@Path("/api/v1/profiles/{name}/releases")
@Tag(name = "Releases", description = "Immutable UVC releases of a profile, which devices get")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

    private final ReleaseService releases;
    private final Caller caller;

    public ReleaseResource(ReleaseService releases, Caller caller) {
        this.releases = releases;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Publish the profile as a new release",
            description = "With ?from={uvc}, a rollback: a new release (new UVC) with that release's content. "
                    + "With ?percent=1..100 or ?label=, a staged release only those devices get; with "
                    + "?audience=rollout, a release only the devices a rollout of it offers it get. "
                    + "422 unresolved_settings (with devices: the first 100, mac and missing names, and total) when "
                    + "a device of the profile lacks a value a template refers to without a default. "
                    + "Emits provisioning.release.published.")
    @APIResponse(responseCode = "201", description = "The new release",
            content = @Content(schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the name, from, percent, label or audience "
                    + "breaks its rule")
    @APIResponse(responseCode = "404",
            description = "not_found: the tenant has no such profile, or no release from names")
    @APIResponse(responseCode = "422",
            description = "unresolved_settings: a device of the profile lacks a value a template refers to without "
                    + "a default (devices lists the first 100, total counts them)")
    public Response publish(
            @Inputs.Name @PathParam("name") String name,
            @Inputs.Uvc @RestQuery @Parameter(description = "roll back: republish this release's content") String from,
            @RestQuery @Parameter(description = "stage to this share of the profile's devices, 1 to 100")
            String percent,
            @RestQuery @Parameter(description = "stage to the devices carrying this label") String label,
            @RestQuery @Parameter(description = "rollout: only for the devices a rollout of the release offers it "
                    + "to") String audience) {
        Audience parsed = Audience.parse(percent, label, audience);
        ReleaseView release = releases.publish(caller.tenant(), name, from, parsed, caller.principal());
        return Response.created(URI.create("/api/v1/profiles/" + name + "/releases/" + release.uvc()))
                .entity(release).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the profile's releases, newest first", description = "The operator adds ?tenant=.")
    @APIResponse(responseCode = "200", description = "A page of the profile's releases, newest first")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the name, tenant, page or size breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    public Page<ReleaseView> list(@Inputs.Name @PathParam("name") String name, @Inputs.TenantId @RestQuery String tenant,
                            @RestQuery Integer page,
                            @RestQuery Integer size) {
        return releases.list(caller.tenantFor(tenant), name, Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/check")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Check the profile's devices as a publish would, without publishing",
            description = "The profile's device count and a page of the devices, in MAC order, that lack a value the "
                    + "current content's templates refer to without a default. The operator adds ?tenant=.")
    @APIResponse(responseCode = "200",
            description = "The profile's device count and a page of the devices a publish would refuse")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the name, tenant, page or size breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no profile of that name")
    public PublishCheckView check(@Inputs.Name @PathParam("name") String name,
                                  @Inputs.TenantId @RestQuery String tenant, @RestQuery Integer page,
                                  @RestQuery Integer size) {
        return releases.check(caller.tenantFor(tenant), name, Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/{uvc}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Show a release")
    @APIResponse(responseCode = "200", description = "The release")
    @APIResponse(responseCode = "400", description = "validation_failed: the name, UVC or tenant breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile or release")
    public ReleaseView get(@Inputs.Name @PathParam("name") String name, @Inputs.Uvc @PathParam("uvc") String uvc,
                           @Inputs.TenantId @RestQuery String tenant) {
        return releases.find(caller.tenantFor(tenant), name, uvc);
    }

    @PATCH
    @Path("/{uvc}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Widen a staged release's audience",
            description = "{\"percent\": n} (at least the release's) or {\"audience\": \"all\"}. "
                    + "409 audience_not_wider for anything narrower.")
    @APIResponse(responseCode = "200", description = "The release with its wider audience")
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_parameter or malformed_body: the name, UVC or audience "
                    + "breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile or release")
    @APIResponse(responseCode = "409",
            description = "audience_not_wider: the new audience is not wider than the release's")
    public ReleaseView widen(@Inputs.Name @PathParam("name") String name, @Inputs.Uvc @PathParam("uvc") String uvc,
                             @NotNull AudienceRequest request) {
        return releases.widen(caller.tenant(), name, uvc, request);
    }

    @GET
    @Path("/{from}/diff/{to}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "What changes from one release to another",
            description = "Added, removed and changed parameters (secret values never shown), per-device overrides, "
                    + "and whether certificates or firmware differ.")
    @APIResponse(responseCode = "200", description = "What changes from one release to the other")
    @APIResponse(responseCode = "400", description = "validation_failed: the name, a UVC or the tenant breaks its rule")
    @APIResponse(responseCode = "404", description = "not_found: the tenant has no such profile or releases")
    public ReleaseDiff diff(@Inputs.Name @PathParam("name") String name, @Inputs.Uvc @PathParam("from") String from,
                            @Inputs.Uvc @PathParam("to") String to,
                            @Inputs.TenantId @RestQuery String tenant) {
        return releases.diff(caller.tenantFor(tenant), name, from, to);
    }
}
