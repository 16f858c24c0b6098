package org.telprov.firmware;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTenants;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.link;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.upload;
import static org.telprov.firmware.Firmware.uploaded;

/** A tenant suspended in inventory: its partners are refused and its phones get nothing, until it is active again. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SuspendedTenantTest {

    private static final String TENANT = "susp-fw";

    @Test
    void aSuspendedTenantsTokenIsRefusedAndItsDevicesGetTheEmpty404UntilItIsActiveAgain() {
        String admin = TestTokens.partnerAdmin(TENANT);
        String artifact = uploaded(admin, "gigaset-maxwell", "mx-susp", "1.0", randomBytes(1000, 70));
        String download = link(admin, artifact, "901b0e5d0101");
        RestAssured.get(download).then().statusCode(200);

        TestTenants.suspend(TENANT);
        as(TestTokens.partner(TENANT, "partner")).get("/api/v1/firmware/artifacts/" + artifact).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        upload(admin, "gigaset-maxwell", "mx-susp", "1.1", randomBytes(1000, 71), Map.of())
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        RestAssured.get(download).then().statusCode(404).body(emptyString());
        // the operator acts for no tenant and is not held back
        as(TestTokens.operator()).get("/api/v1/firmware/artifacts/" + artifact).then().statusCode(200);

        TestTenants.activate(TENANT);
        as(admin).get("/api/v1/firmware/artifacts/" + artifact).then().statusCode(200);
        RestAssured.get(download).then().statusCode(200);
    }

    @Test
    void aTokenOfATenantInventoryNeverCreatedIsRefused() {
        as(TestTokens.partnerOfUnknownTenant("never-created", "partner")).get("/api/v1/firmware/artifacts")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("unknown_tenant"));
    }
}
