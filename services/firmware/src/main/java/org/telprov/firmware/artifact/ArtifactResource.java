package org.telprov.firmware.artifact;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.telprov.firmware.download.DownloadLinks;
import org.telprov.firmware.download.LinkRequest;
import org.telprov.firmware.download.LinkView;
import org.telprov.partner.Caller;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.io.InputStream;
import java.net.URI;

/** The partner and operator API for firmware artifacts. */
@Path("/api/v1/firmware/artifacts")
@Tag(name = "Firmware artifacts", description = "Firmware images of the caller's tenant, and platform-wide vendor firmware")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactResource {

    private final ArtifactUploads uploads;
    private final ArtifactService artifacts;
    private final DownloadLinks links;
    private final Caller caller;

    public ArtifactResource(ArtifactUploads uploads, ArtifactService artifacts, DownloadLinks links,
                            Caller caller) {
        this.uploads = uploads;
        this.artifacts = artifacts;
        this.links = links;
        this.caller = caller;
    }

    // The body is the image itself, read as a stream; the metadata travels in the query string so it is known first.
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Upload a firmware image",
            description = "The body is the image (application/octet-stream, streamed). The operator's uploads are "
                    + "platform-wide. 409 version_exists, 413 too_large or quota_exceeded (the scope's storage quota), "
                    + "422 checksum_mismatch, 507 insufficient_storage; nothing is kept on error. "
                    + "Publishing moves the product's 'latest' channel to the new artifact.")
    @APIResponse(responseCode = "201", description = "The artifact, stored and verified",
            content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "400",
            description = "validation_failed or empty_body: a query parameter breaks its rule (errors[].field "
                    + "names it), or there is no image")
    @APIResponse(responseCode = "409", description = "version_exists: the scope has this version of the product")
    @APIResponse(responseCode = "413",
            description = "too_large or quota_exceeded: over the largest image, or over the scope's storage quota")
    @APIResponse(responseCode = "422",
            description = "checksum_mismatch: the image does not have the sha256 or md5 given")
    @APIResponse(responseCode = "507", description = "insufficient_storage: the blob store is full; nothing was kept")
    public Response upload(
            @RestQuery @Parameter(description = "vendor family, e.g. gigaset-maxwell (required)") String vendor,
            @RestQuery @Parameter(description = "product id or model, e.g. mx3b (required)") String product,
            @RestQuery @Parameter(description = "the image's version, unique per product and scope (required)")
            String version,
            @RestQuery @Parameter(description = "the vendor's OEM name for the product, for its update files")
            String oemName,
            @RestQuery @Parameter(description = "free text shown with the artifact") String releaseNotes,
            @RestQuery @Parameter(description = "the image's SHA-256, 64 hex digits; checked when given") String sha256,
            @RestQuery @Parameter(description = "the image's MD5, 32 hex digits; checked when given") String md5,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body) {
        ArtifactView created = uploads.upload(caller.ownScope(), caller.principal(),
                new ArtifactUpload(vendor, product, version, oemName, releaseNotes, sha256, md5), contentLength, body);
        return Response.created(URI.create("/api/v1/firmware/artifacts/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the artifacts the caller can read, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of the artifacts the caller can read, newest first")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the vendor, product, page or size breaks its "
                    + "rule")
    public Page<ArtifactView> list(
            @Inputs.Vendor @RestQuery @Parameter(description = "only this vendor family's artifacts") String vendor,
            @Inputs.Model @RestQuery @Parameter(description = "only this product's artifacts") String product,
            @RestQuery Integer page, @RestQuery Integer size) {
        return artifacts.list(caller.readableScopes(), vendor, product, Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read an artifact", description = "404 for unknown ids and other tenants' artifacts alike.")
    @APIResponse(responseCode = "200", description = "The artifact")
    @APIResponse(responseCode = "400", description = "validation_failed: the id is not a UUID")
    @APIResponse(responseCode = "404", description = "not_found: no artifact the caller can read has the id")
    public ArtifactView get(@Inputs.Id @PathParam("id") String id) {
        return artifacts.find(id, caller::canRead).orElseThrow(() -> ArtifactService.notFound(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN})
    @Operation(summary = "Delete an artifact",
            description = "409 artifact_in_use while a channel (or, later, a published release) references it; "
                    + "403 read_only for platform-wide firmware unless the caller is the operator.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "validation_failed: the id is not a UUID")
    @APIResponse(responseCode = "403",
            description = "forbidden, tenant_suspended, unknown_tenant or read_only: the role or tenant may not, "
                    + "or the artifact is platform-wide firmware and the caller is not the operator")
    @APIResponse(responseCode = "404", description = "not_found: no artifact the caller can read has the id")
    @APIResponse(responseCode = "409", description = "artifact_in_use: a channel points at it")
    public Response delete(@Inputs.Id @PathParam("id") String id) {
        artifacts.delete(id, caller::canRead, caller::canWrite);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/links")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Sign a download link for one device",
            description = "The link the provisioning service renders into a device's files, for tests and manual updates. "
                    + "A link is for one device of one tenant: it downloads only that tenant's or platform-wide firmware.")
    @APIResponse(responseCode = "200", description = "The signed link")
    @APIResponse(responseCode = "400",
            description = "validation_failed, invalid_mac or malformed_body: the id, MAC or tenantId breaks its "
                    + "rule")
    @APIResponse(responseCode = "404", description = "not_found: no artifact the caller can read has the id")
    public LinkView link(@Inputs.Id @PathParam("id") String id, @Valid @NotNull LinkRequest request) {
        Artifact artifact = artifacts.visible(id, caller::canRead).orElseThrow(() -> ArtifactService.notFound(id));
        return links.sign(artifact.id, linkTenant(artifact, request.tenantId()), request);
    }

    /** A partner's links are for its tenant's devices; the operator names the device's tenant, or gets the artifact's. */
    private String linkTenant(Artifact artifact, String requested) {
        if (!caller.isOperator()) {
            if (requested != null && !requested.equals(caller.ownScope())) {
                throw ProblemException.badRequest("validation_failed", "a partner signs links for its own tenant only",
                        "tenantId");
            }
            return caller.ownScope();
        }
        if (requested == null) {
            return artifact.scope;
        }
        if (!Caller.TENANT_ID.matcher(requested).matches()
                || !(requested.equals(artifact.scope) || Caller.PLATFORM.equals(artifact.scope))) {
            throw ProblemException.badRequest("validation_failed",
                    "tenantId: a tenant id whose devices may have this artifact (its owner's, any for platform firmware)",
                    "tenantId");
        }
        return requested;
    }
}
