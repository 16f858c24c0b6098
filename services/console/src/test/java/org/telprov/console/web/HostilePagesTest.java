package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The console is reachable from the internet: whatever a request holds (a NUL byte, an over-long value, a path trick, a
 * number that is not one), a logged-in person gets a page or a 4xx, never a 500. Inventory refuses such values as it
 * really does, with a 400 problem.
 */
@QuarkusTest
class HostilePagesTest {

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @BeforeEach
    void inventoryRefusesWhatItCannotRead() {
        ApiProblem refused = new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "a parameter holds a control character", "invalid_parameter", List.of()));
        when(inventory.devices(any(), any(), any(), any(), any(), any(), any(), any(), anyInt(), anyInt(), any()))
                .thenThrow(refused);
        when(inventory.device(any())).thenThrow(refused);
        when(inventory.checkins(any(), anyInt(), anyInt())).thenThrow(refused);
        when(inventory.audit(any(), anyInt(), anyInt(), any())).thenThrow(refused);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void hostileRequestsGetAPageOrA4xxNeverA500() {
        String longValue = "a".repeat(10_000);
        for (String path : List.of("/devices?macPrefix=%00", "/devices?model=" + longValue, "/devices?page=-1",
                "/devices?page=abc", "/devices?size=99999999999", "/devices?sort=%00&order=sideways",
                "/devices/%00", "/devices/" + longValue, "/devices/..%2F..%2Fetc%2Fpasswd", "/audit?mac=%00",
                "/audit?page=%FF", "/devices/901b0e56c7bc?x=%00", "/devices?tenant=%00", "/audit?tenant=" + longValue,
                "/health")) {
            int status = given().urlEncodingEnabled(false).get(path).statusCode();
            assertThat(status).as(path).isLessThan(500);
        }
        int posted = Csrf.given().formParam("mac", "\u0000").formParam("vendor", longValue).formParam("model", "")
                .post("/devices/new").statusCode();
        assertThat(posted).isLessThan(500);
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void hostileTenantNamesFromTheOperatorGetAPageOrA4xx() {
        for (String path : List.of("/devices?tenant=%00", "/devices?tenant=" + "a".repeat(10_000),
                "/audit?tenant=..%2F..%2F", "/audit?tenant=%FF&page=1", "/devices?tenant=acme&tenant=globex")) {
            int status = given().urlEncodingEnabled(false).get(path).statusCode();
            assertThat(status).as(path).isLessThan(500);
        }
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aPostWithoutTheFormTokenOrWithAnotherIsRefusedWithAPageSayingWhyAndReachesNoService() {
        for (var request : List.of(given().formParam("mac", "901b0e56c7bc"),
                given().cookie("csrf-token", Csrf.TOKEN).formParam("mac", "901b0e56c7bc"),
                given().cookie("csrf-token", Csrf.TOKEN).formParam("csrf-token", "b3RoZXItdG9rZW4tMTIzNDU")
                        .formParam("mac", "901b0e56c7bc"),
                given().cookie("csrf-token", Csrf.TOKEN).header("X-CSRF-TOKEN", "b3RoZXItdG9rZW4tMTIzNDU")
                        .formParam("mac", "901b0e56c7bc"),
                given().cookie("csrf-token", Csrf.TOKEN).multiPart("file", "devices.csv", "mac\n".getBytes(),
                        "text/csv"))) {
            String page = request.redirects().follow(false).post("/devices/new")
                    .then().statusCode(400).contentType(containsString("text/html")).extract().asString();
            assertThat(page).contains("<strong>Error:</strong> The form did not carry this session's form")
                    .contains("<a href=\"/\">Back to the dashboard</a>");
        }
        given().cookie("csrf-token", Csrf.TOKEN).multiPart("file", "devices.csv", "mac\n".getBytes(), "text/csv")
                .post("/devices/import").then().statusCode(400);
        verifyNoInteractions(inventory);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void everyPageCarriesTheSessionsFormTokenForHtmxAndEveryPostingFormInItsHiddenField() {
        when(inventory.tenants()).thenReturn(List.of());
        String page = given().cookie("csrf-token", Csrf.TOKEN).get("/devices/new")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("<meta name=\"csrf-header\" content=\"X-CSRF-TOKEN\">")
                .contains("<meta name=\"csrf-token\" content=\"" + Csrf.TOKEN + "\">")
                .contains("<input type=\"hidden\" name=\"csrf-token\" value=\"" + Csrf.TOKEN + "\">");
    }
}
