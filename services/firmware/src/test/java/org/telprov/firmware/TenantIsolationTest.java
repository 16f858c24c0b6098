package org.telprov.firmware;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.uploaded;

/** Tenant B's partners see tenant A's firmware as if it did not exist, and read platform-wide firmware only. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantIsolationTest {

    private static final String ACME_CHANNELS = "/api/v1/firmware/products/gigaset-maxwell/mx-iso/channels/";

    @Test
    void anotherTenantsFirmwareLooksExactlyLikeUnknownFirmware() {
        String acme = uploaded(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-iso", "1.0", randomBytes(500, 50));
        String unknown = "00000000-0000-0000-0000-0000000000aa";

        for (String token : new String[]{TestTokens.partnerAdmin("globex"), TestTokens.partner("globex", "partner")}) {
            String foreign = as(token).get("/api/v1/firmware/artifacts/" + acme)
                    .then().statusCode(404).contentType("application/problem+json").extract().asString();
            String missing = as(token).get("/api/v1/firmware/artifacts/" + unknown).then().statusCode(404)
                    .extract().asString();
            assertThat(foreign.replace(acme, "ID")).isEqualTo(missing.replace(unknown, "ID"));
            as(token).get("/api/v1/firmware/artifacts?product=mx-iso").then().statusCode(200)
                    .body("items.id", not(hasItem(acme))).body("total", equalTo(0));
            as(token).body(Map.of("mac", "901b0e56e001")).post("/api/v1/firmware/artifacts/" + acme + "/links")
                    .then().statusCode(404);
            as(token).get(ACME_CHANNELS).then().statusCode(200).body("artifactId", not(hasItem(acme)));
        }
        String globex = TestTokens.partnerAdmin("globex");
        as(globex).body(Map.of("artifactId", acme)).put(ACME_CHANNELS + "stable").then().statusCode(404);
        as(globex).delete("/api/v1/firmware/artifacts/" + acme).then().statusCode(404);

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/firmware/artifacts/" + acme).then().statusCode(200);
        as(TestTokens.partnerAdmin("acme")).get("/api/v1/firmware/artifacts?product=mx-iso").then()
                .body("items.id", hasItem(acme));
        as(TestTokens.partnerAdmin("acme")).get(ACME_CHANNELS)
                .then().body("find { it.name == 'latest' }.artifactId", equalTo(acme));
        as(TestTokens.operator()).get("/api/v1/firmware/artifacts/" + acme).then().statusCode(200);
    }

    @Test
    void platformFirmwareIsReadableByEveryTenantAndChangeableOnlyByTheOperator() {
        String vendor = uploaded(TestTokens.operator(), "gigaset-maxwell", "mx-vendor", "4.0", randomBytes(500, 51));
        String platformChannels = "/api/v1/firmware/products/gigaset-maxwell/mx-vendor/channels/";

        String globex = TestTokens.partnerAdmin("globex");
        as(TestTokens.partner("globex", "partner")).get("/api/v1/firmware/artifacts/" + vendor)
                .then().statusCode(200).body("platformWide", equalTo(true), "tenantId", equalTo(null));
        as(globex).delete("/api/v1/firmware/artifacts/" + vendor)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("read_only"));

        // globex's own channel may follow vendor firmware; the platform's channel stays the operator's
        as(globex).body(Map.of("artifactId", vendor)).put(platformChannels + "latest")
                .then().statusCode(200).body("tenantId", equalTo("globex"), "platformWide", equalTo(false));
        as(globex).get(platformChannels).then().statusCode(200)
                .body("findAll { it.platformWide }.size()", equalTo(1))
                .body("findAll { !it.platformWide }.size()", equalTo(1));
        as(TestTokens.partnerAdmin("acme")).get(platformChannels).then()
                .body("size()", equalTo(1)).body("[0].platformWide", equalTo(true));

        // the link works for devices of any tenant that can read it
        String link = Firmware.link(TestTokens.partner("acme", "partner"), vendor, "901b0e56e002");
        RestAssured.given().get(link).then().statusCode(200);

        as(TestTokens.operator()).delete("/api/v1/firmware/artifacts/" + vendor)
                .then().statusCode(409).body("code", equalTo("artifact_in_use"));
    }

    @Test
    void aTokenWithoutTenantIsRefused() {
        as(TestTokens.partnerWithoutTenant()).get("/api/v1/firmware/artifacts")
                .then().statusCode(401).body("code", equalTo("missing_tenant_claim"));
    }
}
