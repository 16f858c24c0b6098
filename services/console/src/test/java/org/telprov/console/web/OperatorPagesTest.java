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
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What the operator does beyond a partner: narrowing the device list and the audit log to one tenant, releasing any
 * tenant's device (and nothing else of it), and the tenant's phone authentication at the redirect service.
 */
@QuarkusTest
class OperatorPagesTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorNarrowsTheDeviceListToATenantAndThePagingLinksKeepIt() {
        when(inventory.tenants()).thenReturn(List.of(tenant("acme", "none"), tenant("globex", "none")));
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), eq("acme")))
                .thenReturn(new InventoryViews.Page<>(List.of(device("901b0e56c7bc", "acme")), 0, 25, 30));

        String page = given().queryParam("tenant", "acme").get("/devices").then().statusCode(200).extract().asString();

        verify(inventory).devices(null, null, null, null, null, null, "mac", "asc", 0, 25, "acme");
        assertThat(page).contains("<option value=\"acme\" selected>acme</option>")
                .contains("<option value=\"globex\" >globex</option>")
                .contains("href=\"/devices?page=1&amp;sort=mac&amp;order=asc&amp;tenant=acme\"")
                .contains("<th scope=\"col\">Tenant</th>").contains("<td>acme</td>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aPartnersTenantParameterIsNotPassedOnAndItIsOfferedNoTenantChoice() {
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 25, 0));
        when(inventory.audit(any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 25, 0));

        String devices = given().queryParam("tenant", "globex").get("/devices").then().statusCode(200)
                .extract().asString();
        String audit = given().queryParam("tenant", "globex").get("/audit").then().statusCode(200).extract().asString();

        verify(inventory).devices(null, null, null, null, null, null, "mac", "asc", 0, 25, null);
        verify(inventory).audit(null, 0, 25, null);
        assertThat(devices).doesNotContain("id=\"tenant\"").doesNotContain("globex");
        assertThat(audit).doesNotContain("id=\"tenant\"").doesNotContain("globex");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorNarrowsTheAuditLogToATenant() {
        when(inventory.tenants()).thenReturn(List.of(tenant("acme", "none"), tenant("globex", "none")));
        when(inventory.audit(null, 1, 25, "globex")).thenReturn(new InventoryViews.Page<>(List.of(
                new InventoryViews.AuditEntry(7, "globex", "901b0e56c7bc", "claim", "globex-admin", AT, null, null)),
                1, 25, 80));

        String page = given().queryParam("tenant", "globex").queryParam("page", 1).get("/audit")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("<option value=\"globex\" selected>globex</option>")
                .contains("<td>claim</td><td>globex-admin</td><td>globex</td>")
                .contains("href=\"/audit?page=0&amp;tenant=globex\"")
                .contains("href=\"/audit?page=2&amp;tenant=globex\"");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void onADeviceTheOperatorIsOfferedTheReleaseTheApiAllowsAndNotTheMove() {
        when(inventory.device("901b0e56c7bc")).thenReturn(device("901b0e56c7bc", "globex"));
        when(inventory.checkins(any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));
        when(inventory.audit(any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));

        String page = given().get("/devices/901b0e56c7bc").then().statusCode(200).extract().asString();

        assertThat(page).contains("action=\"/devices/901b0e56c7bc/release\"").contains("it leaves globex")
                .doesNotContain("action=\"/devices/901b0e56c7bc/profile\"").doesNotContain("id=\"move\"");
        Csrf.given().redirects().follow(false).formParam("confirm", "yes").post("/devices/901b0e56c7bc/release")
                .then().statusCode(303).header("Location", endsWith("/devices?released=901b0e56c7bc"));
        verify(inventory).release("901b0e56c7bc");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theTenantsPhoneAuthenticationIsShownAndChanged() {
        when(inventory.tenant("acme")).thenReturn(tenant("acme", "client-certificate"));

        String page = given().get("/tenants/acme").then().statusCode(200).extract().asString();
        assertThat(page).contains("<dd id=\"tenant-redirect-auth\">client-certificate</dd>")
                .contains("<option value=\"client-certificate\" selected>");

        Csrf.given().redirects().follow(false).formParam("redirectAuth", "client-certificate")
                .post("/tenants/acme/redirect-auth")
                .then().statusCode(303).header("Location", endsWith("/tenants/acme?changed=yes"));
        verify(inventory).updateTenant("acme", new InventoryViews.TenantChange(null, null, null, "client-certificate"));
        assertThat(given().urlEncodingEnabled(false).get("/tenants/acme?changed=yes").asString())
                .contains("<strong>Done:</strong> Saved.");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void aRefusedPhoneAuthenticationIsWordedNextToItsControl() {
        when(inventory.tenant("acme")).thenReturn(tenant("acme", "none"));
        when(inventory.updateTenant(eq("acme"), any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request",
                400, "redirectAuth: none or client-certificate", "validation_failed",
                List.of(new ApiProblem.FieldError("redirectAuth", "none or client-certificate")))));

        String page = Csrf.given().formParam("redirectAuth", "password").post("/tenants/acme/redirect-auth")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("id=\"redirectAuth-error\"><strong>Error:</strong> none or client-certificate")
                .contains("aria-describedby=\"redirectAuth-hint redirectAuth-error\"");
    }

    private static InventoryViews.Tenant tenant(String id, String redirectAuth) {
        return new InventoryViews.Tenant(id, id + " Telecom", "https://prov." + id + ".example/{mac}/", "active",
                redirectAuth, "UTC", AT, AT);
    }

    private static InventoryViews.Device device(String mac, String tenant) {
        return new InventoryViews.Device(mac, tenant, "gigaset-maxwell", "mx3b", null, null, List.of(), AT, AT, null);
    }
}
