package org.telprov.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule every partner API operation's OpenAPI entry follows, so a client learns from the document alone what can go
 * wrong: a success response; 401 and 403 (every {@code /api/} operation takes a token); 400 when it takes a parameter
 * or a body; each error as {@code application/problem+json} with the problem schema and a description that starts with
 * its {@code code} values ({@code "not_found: …"}); and a description for every query parameter. Whether an operation
 * can answer 404 is its own to say: a label group or an idempotent delete never does.
 */
public final class DeclaredResponses {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** One or more codes ({@code not_found}, {@code invalid_mac, validation_failed}), then the end or a colon. */
    private static final Pattern CODES = Pattern.compile("[a-z][a-z0-9_]*((, | or )[a-z][a-z0-9_]*)*(:.*)?",
            Pattern.DOTALL);

    private DeclaredResponses() {
    }

    /** What the document's {@code /api/} operations leave undeclared, one line each; empty when all follow the rule. */
    public static List<String> violations(JsonNode document) {
        List<String> violations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    check(op.getKey().toUpperCase() + " " + path.getKey(), path.getValue(), op.getValue(),
                            violations);
                }
            }
        }
        return violations;
    }

    private static void check(String name, JsonNode pathItem, JsonNode operation, List<String> violations) {
        JsonNode responses = operation.path("responses");
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> response = it.next();
            String status = response.getKey();
            success |= status.startsWith("2") || status.startsWith("3");
            if (status.startsWith("4") || status.startsWith("5")) {
                checkError(name + " " + status, response.getValue(), violations);
            }
        }
        if (!success) {
            violations.add(name + ": no success response");
        }
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        boolean takesInput = !parameters.isEmpty() || operation.has("requestBody");
        require(name, responses, "401", true, violations);
        require(name, responses, "403", true, violations);
        require(name, responses, "400", takesInput, violations);
        for (JsonNode parameter : parameters) {
            if ("query".equals(parameter.path("in").asText()) && parameter.path("description").asText().isBlank()) {
                violations.add(name + ": query parameter " + parameter.path("name").asText() + " has no description");
            }
        }
    }

    private static void require(String name, JsonNode responses, String status, boolean required,
                                List<String> violations) {
        if (required && !responses.has(status)) {
            violations.add(name + ": no " + status + " response");
        }
    }

    private static void checkError(String name, JsonNode response, List<String> violations) {
        String ref = response.path("content").path("application/problem+json").path("schema").path("$ref").asText();
        if (!ref.endsWith("/Problem")) {
            violations.add(name + ": not declared as application/problem+json with the Problem schema");
        }
        if (!CODES.matcher(response.path("description").asText()).matches()) {
            violations.add(name + ": its description does not start with its code values (\""
                    + response.path("description").asText() + "\")");
        }
    }
}
