package org.telprov.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
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
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The profile pages, rendered with a stand-in provisioning API. */
@QuarkusTest
class ProfilePagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectMock
    @RestClient
    ProvisioningApi provisioning;

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aSecretParameterIsShownAsSecretAndAReadOnlyPersonCannotPublish() throws Exception {
        stubOffice(List.of(release("20261201100000", "{\"type\":\"percent\",\"percent\":10}")));

        String page = given().get("/profiles/office").then().statusCode(200).extract().asString();

        assertThat(page).contains("<tr><td><code>SIP.Account.0.AuthName</code></td><td><code>1012</code></td></tr>");
        assertThat(page).contains("<tr><td><code>SIP.Account.0.AuthPassword</code></td><td><em>secret, not shown</em></td></tr>");
        assertThat(page).contains("<td>10% of the devices</td>");
        assertThat(page).doesNotContain("id=\"publish\"").doesNotContain("method=\"post\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aPublishLeadsBackToTheProfileNamingTheReleaseAndItsWarnings() throws Exception {
        when(provisioning.publish("office", null, null, null)).thenReturn(new ProvisioningViews.Release("office", "20261201100000", null,
                null, Instant.parse("2026-12-01T10:00:00Z"), "acme-admin",
                List.of(new ProvisioningViews.Warning("no_credentials", "devices have no Digest credentials"))));
        stubOffice(List.of(release("20261201100000", "{\"type\":\"all\"}")));

        Csrf.given().redirects().follow(false).formParam("audience", "all").formParam("percent", "20")
                .post("/profiles/office/publish").then().statusCode(303)
                .header("Location", endsWith("/profiles/office?published=20261201100000&warning=no_credentials"));
        String page = given().queryParam("published", "20261201100000").queryParam("warning", "no_credentials")
                .get("/profiles/office").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Done:</strong> Published release 20261201100000.");
        assertThat(page).contains("<strong>Warning:</strong> <code>no_credentials</code>");
        assertThat(page).contains("<td>all devices</td>").contains("id=\"publish\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRefusedPublishIsReportedOnTheProfilesPage() throws Exception {
        when(provisioning.publish("office", null, "pilot", null)).thenThrow(new ApiProblem(422, new ApiProblem.Body("Unprocessable", 422,
                "2 devices lack values the templates need", "unresolved_settings", null)));
        stubOffice(List.of());

        String page = Csrf.given().formParam("audience", "label").formParam("label", " pilot ").formParam("percent", "20")
                .post("/profiles/office/publish").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> 2 devices lack values the templates need");
        assertThat(page).contains("Not published yet");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aStagedPublishAndARollBackAskTheApiForThem() throws Exception {
        ProvisioningViews.Release released = release("20261201110000", "{\"type\":\"percent\",\"percent\":20}");
        when(provisioning.publish("office", "20", null, null)).thenReturn(released);
        when(provisioning.publish("office", null, null, "20261201100000")).thenReturn(released);
        stubOffice(List.of(released, release("20261201100000", "{\"type\":\"all\"}")));

        Csrf.given().redirects().follow(false).formParam("audience", "percent").formParam("percent", "20")
                .formParam("label", "ignored").post("/profiles/office/publish").then().statusCode(303);
        Csrf.given().redirects().follow(false).formParam("from", "20261201100000")
                .post("/profiles/office/publish").then().statusCode(303);
        verify(provisioning).publish("office", "20", null, null);
        verify(provisioning).publish("office", null, null, "20261201100000");

        String page = given().get("/profiles/office").then().statusCode(200).extract().asString();
        assertThat(page).as("the newest release is not offered as a roll back target")
                .doesNotContain("aria-label=\"Roll back to 20261201110000\"")
                .contains("aria-label=\"Roll back to 20261201100000\"");
    }

    private void stubOffice(List<ProvisioningViews.Release> releases) {
        when(provisioning.profile("office")).thenReturn(new ProvisioningViews.Profile("acme", "office", "maxwell-1.1",
                List.of(new ProvisioningViews.Parameter("SIP.Account.0.AuthName", "1012", false),
                        new ProvisioningViews.Parameter("SIP.Account.0.AuthPassword", null, true)),
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"),
                releases.isEmpty() ? null : releases.get(0).uvc()));
        when(provisioning.releases(eq("office"), anyInt(), anyInt()))
                .thenReturn(new InventoryViews.Page<>(releases, 0, 20, releases.size()));
    }

    private static ProvisioningViews.Release release(String uvc, String audience) {
        try {
            return new ProvisioningViews.Release("office", uvc, null, JSON.readTree(audience),
                    Instant.parse("2026-12-01T10:00:00Z"), "acme-admin", List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
