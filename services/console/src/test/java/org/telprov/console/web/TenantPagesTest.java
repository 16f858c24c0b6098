package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The operator's tenant pages, rendered with a stand-in inventory API. */
@QuarkusTest
class TenantPagesTest {

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void aRefusedTenantKeepsWhatWasTypedAndSaysWhatIsWrongWithTheTemplate() {
        when(inventory.tenants()).thenReturn(List.of(tenant("acme", "active")));
        when(inventory.createTenant(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "provisioningUrlTemplate: not an absolute http(s) URL", "validation_failed",
                List.of(new ApiProblem.FieldError("provisioningUrlTemplate", "not an absolute http(s) URL")))));

        String page = Csrf.given().formParam("id", "initech").formParam("name", "Initech")
                .formParam("provisioningUrlTemplate", "prov.initech").post("/tenants")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("id=\"template-error\"><strong>Error:</strong> not an absolute http(s) URL");
        assertThat(page).contains("value=\"initech\"").contains("value=\"prov.initech\"");
        assertThat(page).contains("<a href=\"/tenants/acme\">acme</a>");
        verify(inventory).createTenant(new InventoryViews.NewTenant("initech", "Initech", "prov.initech"));
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void suspendingATenantLeadsBackToItsPage() {
        when(inventory.tenant("acme")).thenReturn(tenant("acme", "suspended"));

        Csrf.given().redirects().follow(false).formParam("status", "suspended").post("/tenants/acme/status")
                .then().statusCode(303).header("Location", endsWith("/tenants/acme?changed=yes"));
        verify(inventory).updateTenant("acme", new InventoryViews.TenantChange(null, null, "suspended", null));

        String page = given().get("/tenants/acme").then().statusCode(200).extract().asString();
        assertThat(page).contains("<dd id=\"tenant-status\">suspended</dd>").contains("id=\"resume\"")
                .contains("<dd id=\"tenant-time-zone\">Europe/Berlin</dd>")
                .doesNotContain("id=\"suspend\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aPartnerIsNotOfferedTheTenantsAndIsToldSoWhenItAsks() {
        when(inventory.tenants()).thenThrow(new ApiProblem(403, new ApiProblem.Body("Forbidden", 403,
                "your role does not allow this operation", "forbidden", null)));

        String page = given().get("/tenants").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> Not allowed: your role does not allow this operation");
        assertThat(page).doesNotContain("href=\"/tenants\"").doesNotContain("method=\"post\"");
    }

    private static InventoryViews.Tenant tenant(String id, String status) {
        return new InventoryViews.Tenant(id, id + " Telecom", "https://prov." + id + ".example/{mac}/", status, "none",
                "Europe/Berlin", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"));
    }
}
