package org.telprov.partner;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Names the codes of the 401 and 403 that Quarkus declares for every operation with {@code @RolesAllowed}: the ones
 * {@link SecurityProblemMappers} answers with, in one place instead of on every operation.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class SecurityResponses implements OASFilter {

    @Override
    public APIResponse filterAPIResponse(APIResponse response) {
        if ("Not Authorized".equals(response.getDescription())) {
            response.setDescription("unauthorized: the access token is missing, expired, or not for this API");
        } else if ("Not Allowed".equals(response.getDescription())) {
            response.setDescription("forbidden, tenant_suspended or unknown_tenant: the token's role does not allow "
                    + "the operation, or its tenant is suspended or not known here");
        }
        return response;
    }
}
