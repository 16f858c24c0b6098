package org.telprov.provisioning.setting;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.partner.Page;
import org.telprov.partner.Roles;
import org.telprov.partner.Caller;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.Problem;

import java.io.InputStream;

/**
 * The partner API for settings (docs/device-settings.md): a device's own layer, label groups, the tenant's defaults,
 * a device's effective settings and the CSV import. Partner admins write their tenant's, partners read them, the
 * operator reads any tenant's ({@code ?tenant=}). A device is the tenant's while provisioning's device read model says
 * so; another tenant's, a released and an unknown device all answer 404 {@code not_found}.
 */
@Path("/api/v1/settings")
@Tag(name = "Settings", description = "Per-device settings and the layers above them, which profile parameter values "
        + "refer to as {{setting.<name>}}")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String READERS_DEVICE = "404 not_found for a device the tenant does not have; "
            + "400 invalid_mac. The operator adds ?tenant=.";
    private static final String WRITE_ERRORS = "400 invalid_parameter naming the field (settings.<name>.value: a value "
            + "with a control character or line break, or over 1000 characters; settings.<name>: a bad name; "
            + "settings: over 100 settings). A secret given without a value keeps the stored one; secrets are never "
            + "returned.";

    private final SettingsService settings;
    private final Caller caller;

    public SettingsResource(SettingsService settings, Caller caller) {
        this.settings = settings;
        this.caller = caller;
    }

    // ---- a device's own layer

    @GET
    @Path("/devices/{mac}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read a device's own settings", description = "Secrets carry no value; a device without "
            + "settings answers an empty object without changedAt. " + READERS_DEVICE)
    @APIResponse(responseCode = "404", description = "not_found: not a device of the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid_mac",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The device's own layer", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView device(@PathParam("mac") String mac, @Inputs.TenantId @RestQuery String tenant) {
        return settings.device(caller.tenantFor(tenant), SettingsService.mac(mac));
    }

    @PUT
    @Path("/devices/{mac}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace a device's own settings", description = WRITE_ERRORS + " 404 not_found.")
    @APIResponse(responseCode = "404", description = "not_found: not a device of the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid_parameter, invalid_mac, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView replaceDevice(@PathParam("mac") String mac, @NotNull SettingsRequest request) {
        return settings.replaceDevice(caller.tenant(), SettingsService.mac(mac), request);
    }

    @PATCH
    @Path("/devices/{mac}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Change some of a device's own settings",
            description = "A merge patch: a name with a setting sets it, a name with null removes it, names left out "
                    + "stay. " + WRITE_ERRORS + " 404 not_found.")
    @APIResponse(responseCode = "404", description = "not_found: not a device of the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid_parameter, invalid_mac, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView patchDevice(@PathParam("mac") String mac, @NotNull SettingsRequest request) {
        return settings.patchDevice(caller.tenant(), SettingsService.mac(mac), request);
    }

    @DELETE
    @Path("/devices/{mac}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Remove every setting of a device's own", description = "204; 404 not_found.")
    @APIResponse(responseCode = "404", description = "not_found: not a device of the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid_mac",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "204", description = "The layer holds no settings now")
    public Response deleteDevice(@PathParam("mac") String mac) {
        settings.deleteDevice(caller.tenant(), SettingsService.mac(mac));
        return Response.noContent().build();
    }

    @GET
    @Path("/devices/{mac}/effective")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "A device's settings through its layers",
            description = "Every name the device has a value for, from the first layer that has it: the device's own, "
                    + "its labels' groups (in the order of its labels), its current release's profile, the tenant's "
                    + "defaults; each names its layer. Secrets carry no value. " + READERS_DEVICE)
    @APIResponse(responseCode = "404", description = "not_found: not a device of the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid_mac",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The device's effective settings", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EffectiveView.class)))
    public EffectiveView effective(@PathParam("mac") String mac, @Inputs.TenantId @RestQuery String tenant) {
        return settings.effective(caller.tenantFor(tenant), SettingsService.mac(mac));
    }

    @POST
    @Path("/devices/import")
    @Consumes("text/csv")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING,
            examples = "mac,sip_user,sip_password:secret\n00:04:f2:ab:cd:ef,1001,s3cret\n")))
    @Operation(summary = "Set devices' own settings from CSV",
            description = "Header mac,<name>,<name>,… (a column <name>:secret holds a secret); up to 100,000 rows. "
                    + "A non-empty cell sets the setting, an empty one removes it, settings not in the header stay. "
                    + "Re-running the same file changes nothing. Rejected rows (not_found, invalid_parameter, "
                    + "duplicate) write nothing; the others are written. 400 invalid_csv_header, too_many_rows, "
                    + "malformed_csv: nothing is written.")
    @APIResponse(responseCode = "400",
            description = "invalid_csv_header, too_many_rows, malformed_csv: nothing is written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "What the import did, row by row", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsImportReport.class)))
    public SettingsImportReport importCsv(InputStream body) {
        String tenant = caller.tenant();
        return settings.importCsv(tenant, SettingsCsv.read(body));
    }

    // ---- the tenant's defaults

    @GET
    @Path("/tenant")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read the tenant's default settings",
            description = "The last layer: what a device gets when no other layer has the name. The operator adds "
                    + "?tenant=.")
    @APIResponse(responseCode = "400", description = "validation_failed: the operator names no valid tenant")
    @APIResponse(responseCode = "200", description = "The tenant's defaults")
    public SettingsView tenant(@Inputs.TenantId @RestQuery String tenant) {
        return settings.group(caller.tenantFor(tenant), SettingsService.DEFAULTS);
    }

    @PUT
    @Path("/tenant")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace the tenant's default settings", description = WRITE_ERRORS)
    @APIResponse(responseCode = "400", description = "invalid_parameter, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView replaceTenant(@NotNull SettingsRequest request) {
        return settings.replaceGroup(caller.tenant(), SettingsService.DEFAULTS, request);
    }

    @PATCH
    @Path("/tenant")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Change some of the tenant's default settings",
            description = "A merge patch (null removes a name). " + WRITE_ERRORS)
    @APIResponse(responseCode = "400", description = "invalid_parameter, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView patchTenant(@NotNull SettingsRequest request) {
        return settings.patchGroup(caller.tenant(), SettingsService.DEFAULTS, request);
    }

    @DELETE
    @Path("/tenant")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Remove every default setting of the tenant")
    @APIResponse(responseCode = "204", description = "The layer holds no settings now")
    public Response deleteTenant() {
        settings.deleteGroup(caller.tenant(), SettingsService.DEFAULTS);
        return Response.noContent().build();
    }

    // ---- label groups

    @GET
    @Path("/labels")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "List the tenant's label groups by label",
            description = "The groups that hold settings. The operator adds ?tenant=.")
    @APIResponse(responseCode = "400",
            description = "validation_failed or invalid_parameter: the tenant, page or size breaks its rule")
    @APIResponse(responseCode = "200", description = "A page of the label groups that hold settings")
    public Page<SettingsView> labels(@Inputs.TenantId @RestQuery String tenant, @RestQuery Integer page,
                                 @RestQuery Integer size) {
        return settings.groups(caller.tenantFor(tenant), Inputs.page(page), Inputs.size(size));
    }

    @GET
    @Path("/labels/{label}")
    @RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
    @Operation(summary = "Read a label group's settings",
            description = "What every device with the label gets unless its own layer has the name; a label without "
                    + "settings answers an empty object. 400 invalid_parameter for a label that breaks the label rule.")
    @APIResponse(responseCode = "400", description = "invalid_parameter: the label breaks its rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The label group", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView label(@PathParam("label") String label, @Inputs.TenantId @RestQuery String tenant) {
        return settings.group(caller.tenantFor(tenant), SettingsService.label(label));
    }

    @PUT
    @Path("/labels/{label}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Replace a label group's settings", description = WRITE_ERRORS)
    @APIResponse(responseCode = "400", description = "invalid_parameter, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView replaceLabel(@PathParam("label") String label, @NotNull SettingsRequest request) {
        return settings.replaceGroup(caller.tenant(), SettingsService.label(label), request);
    }

    @PATCH
    @Path("/labels/{label}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Change some of a label group's settings",
            description = "A merge patch (null removes a name). " + WRITE_ERRORS)
    @APIResponse(responseCode = "400", description = "invalid_parameter, malformed_body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The layer as stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    public SettingsView patchLabel(@PathParam("label") String label, @NotNull SettingsRequest request) {
        return settings.patchGroup(caller.tenant(), SettingsService.label(label), request);
    }

    @DELETE
    @Path("/labels/{label}")
    @RolesAllowed(Roles.PARTNER_ADMIN)
    @Operation(summary = "Remove every setting of a label group")
    @APIResponse(responseCode = "400", description = "invalid_parameter: the label breaks its rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "204", description = "The layer holds no settings now")
    public Response deleteLabel(@PathParam("label") String label) {
        settings.deleteGroup(caller.tenant(), SettingsService.label(label));
        return Response.noContent().build();
    }
}
