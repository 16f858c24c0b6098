package org.telprov.inventory.tenant;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.support.problem.Inputs;

/** What the operator may change of a tenant; a field left out (null) stays as it is. */
public record TenantUpdate(
        @Size(min = 1, max = 200) @Inputs.SingleLine
        String name,

        @Size(min = 1, max = Inputs.URL_TEMPLATE_LENGTH) @Inputs.SingleLine
        String provisioningUrlTemplate,

        @Pattern(regexp = "active|suspended", message = "active or suspended")
        String status,

        @Pattern(regexp = TenantRequest.REDIRECT_AUTH, message = "none or client-certificate")
        String redirectAuth,

        @Size(min = 1, max = Inputs.TIME_ZONE_LENGTH) @TimeZoneName
        @Schema(description = TenantRequest.TIME_ZONE_DESCRIPTION, examples = "Europe/Berlin")
        String timeZone) {
}
