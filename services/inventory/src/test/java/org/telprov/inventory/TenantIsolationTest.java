package org.telprov.inventory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

/** Tenant A's devices are invisible and untouchable for tenant B's partners; the operator sees both. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantIsolationTest {

    private static final String ACME_DEVICE = "0f0000000001";

    // Runs before each test because the application (and its port) is not up yet in a static @BeforeAll; PUT makes
    // the repetition harmless.
    @BeforeEach
    void acmeOwnsADevice() {
        ensureTenant("acme");
        ensureTenant("globex");
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/" + ACME_DEVICE)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @Test
    void anotherTenantCannotReadListOrAuditTheDevice() {
        as(TestTokens.partnerAdmin("globex")).get("/api/v1/devices/" + ACME_DEVICE).then().statusCode(404);
        as(TestTokens.partnerAdmin("globex")).queryParam("size", 500).get("/api/v1/devices")
                .then().statusCode(200).body("items.mac", not(hasItem(ACME_DEVICE)));
        as(TestTokens.partnerAdmin("globex")).queryParam("macPrefix", ACME_DEVICE).get("/api/v1/devices")
                .then().body("total", equalTo(0));
        as(TestTokens.partnerAdmin("globex")).queryParam("mac", ACME_DEVICE).get("/api/v1/audit")
                .then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void anotherTenantCannotReplaceMoveOrReleaseTheDevice() {
        as(TestTokens.partnerAdmin("globex")).body(Map.of("vendor", "x", "model", "y"))
                .put("/api/v1/devices/" + ACME_DEVICE)
                .then().statusCode(409).body("code", equalTo("owned_by_other_tenant"));
        as(TestTokens.partnerAdmin("globex")).body(Map.of("profile", "hijacked"))
                .put("/api/v1/devices/" + ACME_DEVICE + "/profile").then().statusCode(404);
        as(TestTokens.partnerAdmin("globex")).delete("/api/v1/devices/" + ACME_DEVICE).then().statusCode(404);

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/" + ACME_DEVICE)
                .then().statusCode(200).body("vendor", equalTo("gigaset-maxwell"), "profile", equalTo(null));
    }

    @Test
    void theTenantNeverComesFromTheRequest() {
        as(TestTokens.partnerAdmin("globex"))
                .body(Map.of("mac", "0f0000000002", "vendor", "v", "model", "m", "tenantId", "acme"))
                .post("/api/v1/devices")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
    }

    @Test
    void readOnlyPartnersCannotChangeAnything() {
        String readOnly = TestTokens.partner("acme", "partner");
        as(readOnly).body(Map.of("vendor", "x", "model", "y")).put("/api/v1/devices/" + ACME_DEVICE).then().statusCode(403);
        as(readOnly).body(Map.of("profile", "p")).put("/api/v1/devices/" + ACME_DEVICE + "/profile").then().statusCode(403);
        as(readOnly).delete("/api/v1/devices/" + ACME_DEVICE).then().statusCode(403);
        as(readOnly).get("/api/v1/devices/" + ACME_DEVICE).then().statusCode(200);
    }

    @Test
    void theOperatorSeesEveryTenantsDevicesAndAudit() {
        as(TestTokens.operator()).get("/api/v1/devices/" + ACME_DEVICE).then().statusCode(200).body("tenantId", equalTo("acme"));
        as(TestTokens.operator()).queryParam("mac", ACME_DEVICE).get("/api/v1/audit")
                .then().statusCode(200).body("items[0].tenantId", equalTo("acme"));
        as(TestTokens.operator()).body(Map.of("vendor", "x", "model", "y")).put("/api/v1/devices/0f0000000003")
                .then().statusCode(403);
    }
}
