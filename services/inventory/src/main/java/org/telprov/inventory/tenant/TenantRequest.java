package org.telprov.inventory.tenant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.problem.Inputs;

/** What the operator sends to create a tenant. */
public record TenantRequest(
        @NotBlank @Inputs.TenantId
        @Schema(examples = "acme")
        String id,

        @NotBlank @Size(max = 200) @Inputs.SingleLine
        @Schema(examples = "Acme Telecom")
        String name,

        @NotBlank @Size(max = Inputs.URL_TEMPLATE_LENGTH) @Inputs.SingleLine
        @Schema(description = "Absolute http(s) URL the tenant's phones are redirected to. Markers expanded per device: "
                + "{mac} and <MACADR> (upper case, no colons), %MACD, {mac_colons} (lower case with colons), "
                + "{serial} and <SERIAL>, {type} and <HWTYP>.",
                examples = "https://prov.acme.example/{mac}/")
        String provisioningUrlTemplate,

        @Pattern(regexp = REDIRECT_AUTH, message = "none or client-certificate")
        @Schema(description = "How the redirect service authenticates the tenant's phones: none (default; any phone "
                + "that knows a registered MAC) or client-certificate (only over TLS with a client certificate, "
                + "signed by a CA the redirect service trusts, whose subject names the MAC asked for).",
                defaultValue = "none", examples = "client-certificate")
        String redirectAuth,

        @Size(max = Inputs.TIME_ZONE_LENGTH) @TimeZoneName
        @Schema(description = TIME_ZONE_DESCRIPTION, defaultValue = TenantSnapshot.DEFAULT_TIME_ZONE,
                examples = "Europe/Berlin")
        String timeZone) {

    static final String REDIRECT_AUTH = "none|client-certificate";
    static final String TIME_ZONE_DESCRIPTION = "The tenant's IANA time zone (Europe/Berlin, UTC), in which the "
            + "maintenance windows of its rollouts are read; fixed offsets such as +01:00 are refused.";
}
