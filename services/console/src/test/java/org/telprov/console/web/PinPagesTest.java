package org.telprov.console.web;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A profile's pins, with a stand-in provisioning API. */
@QuarkusTest
class PinPagesTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @InjectMock
    @RestClient
    ProvisioningApi provisioning;

    @BeforeEach
    void stubOffice() {
        when(provisioning.pins(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(
                List.of(new ProvisioningViews.Pin("90:1b:0e:aa:00:02", "office", "20261201100000", true, AT, "acme-admin"),
                        new ProvisioningViews.Pin("90:1b:0e:aa:00:03", "office", "20261201100000", false, AT, "acme-admin")),
                0, 25, 2));
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(
                List.of(new ProvisioningViews.Release("office", "20261201110000", null, null, AT, "acme-admin", List.of()),
                        new ProvisioningViews.Release("office", "20261201100000", null, null, AT, "acme-admin", List.of())),
                0, 20, 2));
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonSeesThePinsWithoutAControlThatWrites() {
        String page = given().get("/profiles/office/pins").then().statusCode(200).extract().asString();

        assertThat(page).contains("<a class=\"mac\" href=\"/devices/90:1b:0e:aa:00:02\">90:1b:0e:aa:00:02</a>")
                .contains("<td>no: the device is not on this profile now</td>");
        assertThat(page).doesNotContain("<form").doesNotContain("Unpin");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void pinningAndUnpinningAskTheApiAndLeadBackToTheList() {
        when(provisioning.pin(eq("office"), eq("901b0eaa0004"), eq(new ProvisioningViews.PinRequest("20261201100000"))))
                .thenReturn(new ProvisioningViews.Pin("90:1b:0e:aa:00:04", "office", "20261201100000", true, AT, "acme-admin"));

        String page = given().get("/profiles/office/pins").then().statusCode(200).extract().asString();
        assertThat(page).contains("aria-label=\"Unpin 90:1b:0e:aa:00:02\"")
                .contains("<option value=\"20261201100000\" >20261201100000 (all devices)</option>");

        Csrf.given().redirects().follow(false).formParam("mac", " 901b0eaa0004 ").formParam("uvc", "20261201100000")
                .post("/profiles/office/pins").then().statusCode(303)
                .header("Location", endsWith("/profiles/office/pins?pinned=90%3A1b%3A0e%3Aaa%3A00%3A04"));
        Csrf.given().redirects().follow(false).post("/profiles/office/pins/90:1b:0e:aa:00:02/unpin").then().statusCode(303)
                .header("Location", endsWith("/profiles/office/pins?unpinned=90%3A1b%3A0e%3Aaa%3A00%3A02"));
        verify(provisioning).unpin("office", "90:1b:0e:aa:00:02");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRefusedMacIsReportedNextToItsFieldWithWhatWasTyped() {
        when(provisioning.pin(eq("office"), eq("not-a-mac"), eq(new ProvisioningViews.PinRequest("20261201110000"))))
                .thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400, "not a MAC address",
                        "invalid_mac", List.of(new ApiProblem.FieldError("mac", "not a MAC address")))));

        String page = Csrf.given().formParam("mac", "not-a-mac").formParam("uvc", "20261201110000")
                .post("/profiles/office/pins").then().statusCode(200).extract().asString();

        assertThat(page).contains("<p class=\"field-error\" id=\"mac-error\"><strong>Error:</strong> not a MAC address</p>")
                .contains("value=\"not-a-mac\"").contains("<option value=\"20261201110000\" selected>");
    }
}
