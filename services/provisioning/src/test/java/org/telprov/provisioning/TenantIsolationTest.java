package org.telprov.provisioning;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** Tenant B's partners see tenant A's profiles and releases as if they did not exist, and cannot change them. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantIsolationTest {

    @Test
    void anotherTenantsProfileLooksExactlyLikeAnUnknownOne() {
        String acme = TestTokens.partnerAdmin("iso-acme");
        created(acme, profile("iso-office", Map.of("A", "1")));
        String uvc = published(acme, "iso-office");

        for (String token : new String[]{TestTokens.partnerAdmin("iso-globex"), TestTokens.partner("iso-globex", "partner")}) {
            String foreign = as(token).get("/api/v1/profiles/iso-office").then().statusCode(404)
                    .contentType("application/problem+json").extract().asString();
            String missing = as(token).get("/api/v1/profiles/iso-missing").then().statusCode(404).extract().asString();
            assertThat(foreign.replace("iso-office", "X")).isEqualTo(missing.replace("iso-missing", "X"));
            as(token).get("/api/v1/profiles").then().statusCode(200).body("items.name", not(hasItem("iso-office")));
            as(token).get("/api/v1/profiles/iso-office/releases").then().statusCode(404);
            as(token).get("/api/v1/profiles/iso-office/releases/" + uvc).then().statusCode(404);
            as(token).get("/api/v1/profiles/iso-office/releases/" + uvc + "/diff/" + uvc).then().statusCode(404);
            // a tenant parameter does not widen a partner's scope
            as(token).queryParam("tenant", "iso-acme").get("/api/v1/profiles/iso-office").then().statusCode(404);
        }
        String globex = TestTokens.partnerAdmin("iso-globex");
        as(globex).body(profile("iso-office", Map.of("A", "2"))).put("/api/v1/profiles/iso-office").then().statusCode(404);
        as(globex).post("/api/v1/profiles/iso-office/releases").then().statusCode(404);
        as(globex).delete("/api/v1/profiles/iso-office").then().statusCode(404);
        // the same name is free in another tenant
        created(globex, profile("iso-office", Map.of("A", "3")));

        as(acme).get("/api/v1/profiles/iso-office").then().statusCode(200)
                .body("parameters[0].value", equalTo("1")).body("latestRelease", equalTo(uvc));
        as(TestTokens.operator()).queryParam("tenant", "iso-acme").get("/api/v1/profiles/iso-office/releases/" + uvc)
                .then().statusCode(200);
        as(TestTokens.operator()).get("/api/v1/profiles/iso-office").then().statusCode(400);
    }
}
