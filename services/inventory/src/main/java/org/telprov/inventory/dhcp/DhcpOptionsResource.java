package org.telprov.inventory.dhcp;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;
import org.telprov.support.problem.Inputs;

/**
 * The DHCP options (66, 67, 43) and ISC dhcpd / Kea configuration that send a phone family to a tenant's
 * provisioning URL: the operator's for any tenant, a partner's for its own.
 */
@Path("/api/v1/tenants/{id}/dhcp-options/{family}")
@Tag(name = "Tenants")
@RolesAllowed({Roles.OPERATOR, Roles.PARTNER_ADMIN, Roles.PARTNER})
public class DhcpOptionsResource {

    private static final String DESCRIPTION = "Option 66 is the URL's scheme and host, option 67 the rest (the phone "
            + "joins them with a / where missing), option 43 both as the Auerswald document encodes them; the "
            + "tenant's URL markers are written as the family's phones fill them in. Plug-n-Dial boots over TFTP by "
            + "default (option 66 names the TFTP server). A partner reads its own tenant's only; another tenant "
            + "answers 404 like an unknown one. Accept: text/plain gives the same as text for a terminal.";

    private final DhcpOptionsService options;
    private final Caller caller;

    public DhcpOptionsResource(DhcpOptionsService options, Caller caller) {
        this.options = options;
        this.caller = caller;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "DHCP options and ISC dhcpd / Kea configuration for a tenant's phones of one family",
            description = DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The option values and snippets", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DhcpOptionsView.class)),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = String.class))})
    @APIResponse(responseCode = "404", description = "not_found: an unknown tenant (or another tenant's, for a "
            + "partner) or family")
    @APIResponse(responseCode = "400", description = "validation_failed or invalid_parameter: the tenant id or the "
            + "transport breaks its rule")
    @APIResponse(responseCode = "422", description = "unsupported_marker or dhcp_option_too_long: the tenant's URL "
            + "template holds a marker the family's phones cannot fill in (markers lists them), or option 66 or 67 "
            + "would be over 255 bytes")
    public Response get(@Inputs.TenantId @PathParam("id") String id,
                        @PathParam("family") @Parameter(description = "maxwell-1.0, maxwell-1.1, auerswald or "
                                + "plug-n-dial") String family,
                        @QueryParam("transport") @Parameter(description = "http (default) or tftp (Plug-n-Dial "
                                + "only, its default)") String transport,
                        @Context HttpHeaders headers) {
        DhcpOptionsView view = options.options(caller.scope(), id, family, transport);
        if (prefersText(headers)) {
            return Response.ok(DhcpSnippets.text(view), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** JSON unless the most wanted type the client accepts is text (a terminal, ./phone-sim dhcp). */
    private static boolean prefersText(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .filter(type -> !type.isWildcardType() && type.getType().equals("text"))
                .isPresent();
    }
}
