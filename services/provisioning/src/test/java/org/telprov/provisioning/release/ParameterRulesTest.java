package org.telprov.provisioning.release;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;

/** Path and query parameters are held to the rules their fields are written under, and never reach the database bad. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ParameterRulesTest {

    private static final String ADMIN = TestTokens.partnerAdmin("rules-acme");

    @Test
    void aNulInAPathSegmentOrQueryParameterIsABadRequestNamingIt() {
        as(ADMIN).urlEncodingEnabled(false).get("/api/v1/profiles/office%00/releases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter")).body("errors.field", equalTo(List.of("path")));
        as(TestTokens.operator()).urlEncodingEnabled(false).get("/api/v1/profiles/office?tenant=acme%00")
                .then().statusCode(400).body("code", equalTo("invalid_parameter"))
                .body("errors.field", equalTo(List.of("tenant")));
        as(ADMIN).urlEncodingEnabled(false).get("/api/v1/profiles/%ff")
                .then().statusCode(400).body("code", equalTo("invalid_parameter"));
    }

    @Test
    void aMalformedNameOrUvcIsABadRequestAndAWellFormedUnknownOneIsNotFound() {
        created(ADMIN, profile("office", Map.of("SIP.Account.0.AuthName", "1012")));

        as(ADMIN).get("/api/v1/profiles/" + "n".repeat(101)).then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors.field", equalTo(List.of("name")));
        as(ADMIN).get("/api/v1/profiles/office/releases/yesterday").then().statusCode(400)
                .body("errors.field", equalTo(List.of("uvc")));
        as(ADMIN).get("/api/v1/profiles/office/releases/2026-11-23_18:00:00/diff/latest").then().statusCode(400)
                .body("errors.field", equalTo(List.of("to")));
        as(TestTokens.operator()).queryParam("tenant", "ACME!").get("/api/v1/profiles/office").then().statusCode(400)
                .body("errors.field", equalTo(List.of("tenant")));

        as(ADMIN).get("/api/v1/profiles/" + "n".repeat(100)).then().statusCode(404);
        as(ADMIN).get("/api/v1/profiles/office/releases/2026-11-23_18:00:00").then().statusCode(404);
    }

    @Test
    void aPageThatIsNotANumberIsABadRequest() {
        as(ADMIN).queryParam("page", "abc").get("/api/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_parameter"));
    }
}
