package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The dashboard's counts and charts, from a stand-in inventory and provisioning API. */
@QuarkusTest
class DashboardPageTest {

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @InjectMock
    @RestClient
    ProvisioningApi provisioning;

    private static final InventoryViews.Fleet FLEET = new InventoryViews.Fleet("acme", 8,
            new InventoryViews.Versions(List.of(new InventoryViews.Version("mx3b", "2.1", 6),
                    new InventoryViews.Version("mx3b", null, 2)), 3),
            new InventoryViews.Adoption(List.of(new InventoryViews.ProfileAdoption("office", 8, List.of(
                    new InventoryViews.Release("uvc-2", 4), new InventoryViews.Release("uvc-1", 3)), 1)), 2));

    @BeforeEach
    void apis() {
        when(inventory.summary(any())).thenReturn(new InventoryViews.Summary(8, 2, 5));
        when(provisioning.profiles(anyInt(), anyInt(), any())).thenReturn(new InventoryViews.Page<>(List.of(
                new ProvisioningViews.Profile("acme", "office", "gigaset", List.of(), List.of(), null, null,
                        "uvc-2")), 0, 100, 1));
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    @OidcSecurity(claims = @Claim(key = "tenant_id", value = "acme"))
    void theFirmwareChartListsEachVersionWithItsCountShareAndBar() {
        when(inventory.fleet(null)).thenReturn(FLEET);

        String page = given().get("/").then().statusCode(200).extract().asString();

        assertThat(page).contains("<dd id=\"count-never\"><a href=\"/devices?seen=never\"");
        // 6 of 8 devices: 75 %, a bar of 180 of 240 pixels; the numbers stand in the table, the bar is decoration
        assertThat(rows(page, "firmware-chart")).containsExactly(
                "mx3b|2.1|6|75 %|180", "mx3b|not reported|2|25 %|60");
        assertThat(page).contains("aria-hidden=\"true\"");
        assertThat(page).contains("<p id=\"firmware-more\">and 3 more versions, with fewer devices each.</p>");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    @OidcSecurity(claims = @Claim(key = "tenant_id", value = "acme"))
    void theAdoptionChartMarksTheProfilesCurrentReleaseInWordsAndCountsWhatIsNotListed() {
        when(inventory.fleet(null)).thenReturn(FLEET);

        String page = given().get("/").then().statusCode(200).extract().asString();

        assertThat(rows(page, "adoption-office")).containsExactly(
                "uvc-2 (current)|4|50 %|120", "uvc-1|3|38 %|90", "and 1 more release|1|13 %|");
        assertThat(page).contains("<p id=\"adoption-more\">and 2 more profiles.</p>");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorChoosesTheTenantOfTheCharts() {
        when(inventory.tenants()).thenReturn(List.of(new InventoryViews.Tenant("acme", "Acme", null, "active", null,
                "UTC", null, null)));
        when(inventory.fleet("acme")).thenReturn(FLEET);

        String unchosen = given().get("/").then().statusCode(200).extract().asString();
        assertThat(unchosen).contains("<label for=\"tenant\">Charts of tenant</label>").contains("<option value=\"acme\">")
                .doesNotContain("firmware-chart");
        verify(inventory, never()).fleet(any());
        verify(inventory).summary(null);

        String chosen = given().queryParam("tenant", "acme").get("/").then().statusCode(200).extract().asString();
        assertThat(chosen).contains("Firmware versions in the fleet of acme").contains("id=\"firmware-chart\"")
                .contains("<code>uvc-2</code> <strong>(current)</strong>");
        // the counts and the current releases are the chosen tenant's too
        verify(inventory).summary("acme");
        verify(provisioning).profiles(0, 100, "acme");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void aTenantTheApiRefusesIsWordedAndTheCountsStay() {
        when(inventory.tenants()).thenReturn(List.of());
        when(inventory.fleet("Nope")).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "the operator names the tenant", "validation_failed", List.of())));

        String page = given().queryParam("tenant", "Nope").get("/").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> the operator names the tenant")
                .contains("<dd id=\"count-devices\">8</dd>");
    }

    /** A table's body rows, each as its cells' text joined by '|' (a bar cell as its rectangle's width). */
    static List<String> rows(String page, String tableId) {
        String table = page.substring(page.indexOf("id=\"" + tableId + "\""));
        table = table.substring(table.indexOf("<tbody>") + 7, table.indexOf("</tbody>"));
        return java.util.Arrays.stream(table.split("</tr>")).filter(row -> row.contains("<td"))
                .map(row -> java.util.Arrays.stream(row.split("</td>")).filter(cell -> cell.contains("<td"))
                        .map(cell -> cell.contains("<rect") ? cell.replaceAll("(?s).*<rect width=\"(\\d+)\".*", "$1")
                                : cell.replaceAll("(?s)<[^>]+>", "").replaceAll("\\s+", " ").trim())
                        .reduce((a, b) -> a + "|" + b).orElse(""))
                .toList();
    }
}
