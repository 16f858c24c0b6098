package org.telprov.provisioning;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTenants;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** A tenant suspended in inventory: its partners are refused and its phones get nothing, until it is active again. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SuspendedTenantTest {

    private static final String TENANT = "susp-acme";
    private static final String MAC = "901b0e5f5501";

    @Test
    void aSuspendedTenantsTokenIsRefusedAndItsDevicesGetTheEmpty404UntilItIsActiveAgain() {
        String admin = TestTokens.partnerAdmin(TENANT);
        created(admin, profile("office", Map.of("SIP.Account.0.AuthName", "1012")));
        String uvc = published(admin, "office");
        device(MAC, TENANT, "office");
        List<String> files = List.of("/prov/" + MAC + "/provisioning.xml", "/prov/" + MAC + "/nvm/" + uvc + "/settings.xml");
        files.forEach(file -> RestAssured.get(file).then().statusCode(200));

        TestTenants.suspend(TENANT);
        as(TestTokens.partner(TENANT, "partner")).get("/api/v1/profiles").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        as(admin).post("/api/v1/profiles/office/releases").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        files.forEach(file -> RestAssured.get(file).then().statusCode(404).body(emptyString()));
        // the operator acts for no tenant and is not held back
        as(TestTokens.operator()).get("/api/v1/profiles/office?tenant=" + TENANT).then().statusCode(200);

        TestTenants.activate(TENANT);
        as(admin).get("/api/v1/profiles").then().statusCode(200);
        files.forEach(file -> RestAssured.get(file).then().statusCode(200));
    }

    @Test
    void aTokenOfATenantInventoryNeverCreatedIsRefused() {
        as(TestTokens.partnerOfUnknownTenant("never-created", "partner-admin")).get("/api/v1/profiles")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("unknown_tenant"));
    }
}
