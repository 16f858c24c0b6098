package org.telprov.support.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Writes into every service's OpenAPI document, once, what all its operations share, so that resources declare only
 * what is their own ({@code @APIResponse(responseCode = "404", description = "not_found: …")}):
 * <ul>
 *   <li>every error response's body: an RFC 9457 {@link Problem} as {@code application/problem+json};</li>
 *   <li>the codes of the 400 that Quarkus declares for an operation with a body, and the 413 of {@code BodyLimits};</li>
 *   <li>the meaning of the query parameters every list and operator read shares ({@code page}, {@code size},
 *       {@code tenant}), where a resource gives none.</li>
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDefaults implements OASFilter {

    /** The name of the problem schema in the document's components. */
    public static final String SCHEMA = "Problem";

    /** What Quarkus writes for the 400 it adds to an operation with a body. */
    private static final String QUARKUS_BAD_REQUEST = "Bad Request";

    private static final Map<String, String> SHARED_PARAMETERS = Map.of(
            "page", "the page to answer, from 0 (the default)",
            "size", "items per page, 1 to " + Inputs.MAX_PAGE_SIZE + ", default 50",
            "tenant", "the tenant the operator reads for; ignored for a partner, whose tenant is the token's");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                describeParameters(operation);
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    describeErrors(operation);
                }
            }
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
    }

    private static void describeParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            // a parameter by reference has no name of its own
            String shared = parameter.getName() == null ? null : SHARED_PARAMETERS.get(parameter.getName());
            if (parameter.getIn() == Parameter.In.QUERY && shared != null
                    && (parameter.getDescription() == null || parameter.getDescription().isBlank())) {
                parameter.setDescription(shared);
            }
        }
    }

    private static void describeErrors(Operation operation) {
        APIResponses responses = operation.getResponses();
        APIResponse badRequest = responses.getAPIResponse("400");
        if (badRequest != null && QUARKUS_BAD_REQUEST.equals(badRequest.getDescription())) {
            badRequest.setDescription("validation_failed or malformed_body: a field breaks its rule (errors[].field "
                    + "names it), or the body is not JSON of the expected shape");
        }
        if (operation.getRequestBody() != null && responses.getAPIResponse("413") == null) {
            responses.addAPIResponse("413", OASFactory.createAPIResponse()
                    .description("body_too_large: the body is over the service's limit for its media type"));
        }
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                response.getValue().setContent(problemContent());
            }
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(SCHEMA)));
    }

    /** {@link Problem} as its JSON reads; the extension members a problem type defines are additional properties. */
    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text("the input field or JSON path, e.g. mac or settings.volume.value"))
                .addProperty("message", text("what is wrong with it"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail. Clients switch on code; title and detail are for people.")
                .addProperty("type", text("about:blank"))
                .addProperty("title", text("the HTTP status' reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text("what happened, for people"))
                .addProperty("code", text("a stable, machine-readable reason, such as invalid_mac or not_found; "
                        + "each operation lists its own"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)
                        .description("the invalid input fields, when the problem is about input"))
                .required(List.of("title", "status", "code"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
