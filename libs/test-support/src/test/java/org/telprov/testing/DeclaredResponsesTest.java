package org.telprov.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

class DeclaredResponsesTest {

    private static final String PROBLEM = """
            {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}""";

    @Test
    void anOperationDeclaringItsErrorsWithCodesAndTheProblemSchemaPasses() throws IOException {
        JsonNode document = document("""
                {"paths": {"/api/v1/devices/{mac}": {"get": {
                  "parameters": [{"name": "mac", "in": "path"}, {"name": "page", "in": "query", "description": "from 0"}],
                  "responses": {"200": {"description": "The device"},
                    "400": %1$s, "description": "invalid_mac or invalid_parameter: the MAC or page breaks its rule"},
                    "401": %1$s, "description": "unauthorized"},
                    "403": %1$s, "description": "forbidden, tenant_suspended or unknown_tenant: not allowed"},
                    "404": %1$s, "description": "not_found: no such device"}}}},
                  "/q/health": {"get": {"responses": {"200": {"description": "UP"}}}}}}""".formatted(PROBLEM));

        assertThat(DeclaredResponses.violations(document), empty());
    }

    @Test
    void eachMissingDeclarationIsNamed() throws IOException {
        JsonNode document = document("""
                {"paths": {"/api/v1/devices": {"post": {
                  "parameters": [{"name": "label", "in": "query"}],
                  "requestBody": {},
                  "responses": {"401": %1$s, "description": "unauthorized"},
                    "409": {"description": "already_registered"},
                    "422": %1$s, "description": "Unprocessable"}}}}}}""".formatted(PROBLEM));

        assertThat(DeclaredResponses.violations(document), contains(
                "POST /api/v1/devices 409: not declared as application/problem+json with the Problem schema",
                "POST /api/v1/devices 422: its description does not start with its code values (\"Unprocessable\")",
                "POST /api/v1/devices: no success response",
                "POST /api/v1/devices: no 403 response",
                "POST /api/v1/devices: no 400 response",
                "POST /api/v1/devices: query parameter label has no description"));
    }

    private static JsonNode document(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }
}
