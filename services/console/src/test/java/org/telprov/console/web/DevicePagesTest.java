package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The device pages rendered with a stand-in inventory API: what the API answers, and how the page shows it. */
@QuarkusTest
class DevicePagesTest {

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    @OidcSecurity(claims = {@Claim(key = "preferred_username", value = "acme-admin"),
            @Claim(key = "tenant_id", value = "acme")})
    void aProblemNamingAFieldIsShownNextToThatControlAndTheFormKeepsItsValues() {
        when(inventory.register(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "mac: not a MAC address", "invalid_mac", List.of(new ApiProblem.FieldError("mac", "not a MAC address")))));

        String page = Csrf.given().formParam("mac", "90:zz").formParam("vendor", "gigaset-maxwell").formParam("model", "mx3b")
                .post("/devices/new")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("<p class=\"field-error\" id=\"mac-error\"><strong>Error:</strong> not a MAC address</p>");
        assertThat(page).contains("aria-describedby=\"mac-hint mac-error\" aria-invalid=\"true\"");
        assertThat(page).contains("value=\"mx3b\"").doesNotContain("model-error");
        assertThat(page).contains("tenant <strong id=\"viewer-tenant\">acme</strong>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRegisteredDeviceLeadsToItsPageByARedirectSoAReloadDoesNotRegisterItAgain() {
        when(inventory.register(new InventoryViews.Registration("90:1b:0e:56:c7:bc", "gigaset-maxwell", "mx3b", null,
                null, List.of("floor-2", "pilot")))).thenReturn(device("901b0e56c7bc"));

        Csrf.given().redirects().follow(false)
                .formParam("mac", " 90:1b:0e:56:c7:bc ").formParam("vendor", "gigaset-maxwell").formParam("model", "mx3b")
                .formParam("serial", "").formParam("labels", "floor-2, pilot")
                .post("/devices/new")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/devices/901b0e56c7bc"));
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonIsOfferedNoControlThatWrites() {
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(device("901b0e56c7bc")), 0, 25, 1));
        when(inventory.device("901b0e56c7bc")).thenReturn(device("901b0e56c7bc"));
        when(inventory.checkins(any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));
        when(inventory.audit(any(), anyInt(), anyInt(), any())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));

        for (String path : List.of("/devices", "/devices/new", "/devices/import", "/devices/901b0e56c7bc", "/audit")) {
            String page = given().get(path).then().statusCode(200).extract().asString();
            assertThat(page).as(path).doesNotContain("method=\"post\"").doesNotContain("type=\"file\"")
                    .doesNotContain("href=\"/devices/new\"").doesNotContain("href=\"/devices/import\"");
        }
        assertThat(given().get("/devices/new").asString()).contains("Your role is read-only");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theDeviceListAsksTheApiForOnePageAndItsLinksKeepTheSearch() {
        when(inventory.devices(eq("90:1b"), eq(null), eq(null), eq(null), eq(null), eq(null), eq("lastSeen"), eq("desc"),
                eq(1), eq(25), eq(null))).thenReturn(new InventoryViews.Page<>(List.of(device("901b0e56c7bc")), 1, 25, 60));

        String page = given().queryParam("macPrefix", "90:1b").queryParam("model", " ").queryParam("sort", "lastSeen")
                .queryParam("order", "desc").queryParam("page", 1)
                .get("/devices").then().statusCode(200).extract().asString();

        assertThat(page).contains("60 devices; page 2 of 3");
        assertThat(page).contains("href=\"/devices?page=0&amp;macPrefix=90%3A1b&amp;sort=lastSeen&amp;order=desc\"");
        assertThat(page).contains("href=\"/devices?page=2&amp;macPrefix=90%3A1b&amp;sort=lastSeen&amp;order=desc\"");
        assertThat(page).contains("<a href=\"/devices/901b0e56c7bc\" class=\"mac\">90:1b:0e:56:c7:bc</a>");
        verify(inventory).devices("90:1b", null, null, null, null, null, "lastSeen", "desc", 1, 25, null);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void anUnknownSortIsNotPassedOn() {
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 25, 0));

        given().queryParam("sort", "password").queryParam("order", "sideways").queryParam("seen", "yesterday")
                .get("/devices").then().statusCode(200);

        verify(inventory).devices(null, null, null, null, null, null, "mac", "asc", 0, 25, null);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theLastSeenFilterAsksForDevicesSeenSinceOrNotSinceADayAgo() {
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 25, 0));
        Instant before = Instant.now().minus(Duration.ofHours(24));

        given().queryParam("seen", "24h").get("/devices").then().statusCode(200);
        given().queryParam("seen", "quiet").get("/devices").then().statusCode(200);

        ArgumentCaptor<String> after = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> notAfter = ArgumentCaptor.forClass(String.class);
        verify(inventory, times(2)).devices(any(), any(), any(), after.capture(), notAfter.capture(), any(), any(),
                any(), anyInt(), anyInt(), any());
        assertThat(Instant.parse(after.getAllValues().get(0))).isBetween(before, Instant.now());
        assertThat(notAfter.getAllValues().get(0)).isNull();
        assertThat(after.getAllValues().get(1)).isNull();
        assertThat(Instant.parse(notAfter.getAllValues().get(1))).isBetween(before, Instant.now());
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void theNeverSeenFilterAsksTheApiForDevicesWithoutACheckinAndKeepsItsChoice() {
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenReturn(new InventoryViews.Page<>(List.of(device("901b0e56c7bc")), 0, 25, 1));

        String page = given().queryParam("seen", "never").get("/devices").then().statusCode(200).extract().asString();

        verify(inventory).devices(null, null, null, null, null, true, "mac", "asc", 0, 25, null);
        assertThat(page).contains("<option value=\"never\" selected>never</option>")
                .contains("<td>never</td>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aFormLargerThanTheImportTakesIsRefusedInWordsBeforeItIsRead() {
        // as a browser sends it: with its length (RestAssured's own multipart is chunked)
        String form = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"devices.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + "x".repeat(100 * 1024) + "\r\n--b--\r\n";
        String answer = given().contentType("multipart/form-data; boundary=b").body(form.getBytes())
                .post("/devices/import").then().statusCode(413).extract().asString();

        assertThat(answer).isEqualTo("The file is larger than the inventory API imports (2.0 KiB).");
        verify(inventory, never()).importCsv(any());
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void movingADeviceLeadsBackToItsPageSayingWhereItWent() {
        when(inventory.move("901b0e56c7bc", new InventoryViews.Move("office"))).thenReturn(
                new InventoryViews.Device("901b0e56c7bc", "acme", "gigaset-maxwell", "mx3b", null, "office", List.of(),
                        null, null, null));
        when(inventory.device("901b0e56c7bc")).thenReturn(device("901b0e56c7bc"));
        when(inventory.checkins(any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));
        when(inventory.audit(any(), anyInt(), anyInt(), any())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));

        Csrf.given().redirects().follow(false).formParam("profile", " office ").post("/devices/901b0e56c7bc/profile")
                .then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/devices/901b0e56c7bc?moved=office"));
        assertThat(given().queryParam("moved", "office").get("/devices/901b0e56c7bc").asString())
                .contains("<strong>Done:</strong> Device moved to profile office.");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void releasingADeviceNeedsTheConfirmationTicked() {
        when(inventory.device("901b0e56c7bc")).thenReturn(device("901b0e56c7bc"));
        when(inventory.checkins(any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));
        when(inventory.audit(any(), anyInt(), anyInt(), any())).thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));

        String refused = Csrf.given().post("/devices/901b0e56c7bc/release").then().statusCode(200).extract().asString();
        assertThat(refused).contains("<strong>Error:</strong> Tick the box to confirm the release.");
        verify(inventory, never()).release(any());

        Csrf.given().redirects().follow(false).formParam("confirm", "yes").post("/devices/901b0e56c7bc/release")
                .then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/devices?released=901b0e56c7bc"));
        verify(inventory).release("901b0e56c7bc");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorsAuditLogNamesEachEntrysTenant() {
        when(inventory.audit(null, 0, 25, null)).thenReturn(new InventoryViews.Page<>(List.of(new InventoryViews.AuditEntry(
                7, "globex", "901b0e56c7bc", "claim", "globex-admin", Instant.parse("2026-12-01T10:00:00Z"), null,
                null)), 0, 25, 1));

        String page = given().get("/audit").then().statusCode(200).extract().asString();

        assertThat(page).contains("1 change, newest first; page 1 of 1");
        assertThat(page).contains("<td>claim</td><td>globex-admin</td><td>globex</td>");
        assertThat(page).contains("<time datetime=\"2026-12-01T10:00:00Z\">2026-12-01 10:00:00 UTC</time>");
    }

    @Test
    @TestSecurity(user = "globex-admin", roles = "partner-admin")
    void anotherTenantsDeviceReadsAsNotFound() {
        when(inventory.device("901b0e56c7bc")).thenThrow(new ApiProblem(404, new ApiProblem.Body("Not Found", 404,
                "device 901b0e56c7bc", "not_found", null)));

        String page = given().get("/devices/901b0e56c7bc").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> No device 901b0e56c7bc in your tenant.");
        assertThat(page).doesNotContain("id=\"device-mac\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theImportReportListsEveryRejectedRow() {
        when(inventory.importCsv(any())).thenReturn(new InventoryViews.ImportReport(3, 2, 0, 0,
                List.of(new InventoryViews.Rejection(3, "not-a-mac", "invalid_mac", "not a MAC address"))));

        String page = Csrf.given().multiPart("file", "devices.csv", "mac,vendor,model\n".getBytes(), "text/csv")
                .post("/devices/import").then().statusCode(200).extract().asString();

        assertThat(page).contains("Import of devices.csv");
        assertThat(page).contains("<tr><td>3</td><td>not-a-mac</td><td><code>invalid_mac</code></td><td>not a MAC address</td></tr>");
    }

    private static InventoryViews.Device device(String mac) {
        return new InventoryViews.Device(mac, "acme", "gigaset-maxwell", "mx3b", null, null, List.of(),
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"), null);
    }
}
