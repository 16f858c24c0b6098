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
import static org.mockito.ArgumentMatchers.isNull;
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
        assertThat(page).contains("<strong>Warning:</strong> the release was published, but (<code>no_credentials</code>)")
                .as("the warning explained in words, with a way to act on it")
                .contains("Its devices will be refused every protected file")
                .contains("<a href=\"/device-auth\">Device authentication setting</a>");
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
                .doesNotContain("aria-label=\"Roll back to this release, 20261201110000\"")
                .contains("aria-label=\"Roll back to this release, 20261201100000\"");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void theReleaseListOffersTwoReleasesToCompareNewestAgainstThePrevious() {
        stubOffice(List.of(release("20261201110000", "{\"type\":\"all\"}"),
                release("20261201100000", "{\"type\":\"all\"}")));

        String page = given().get("/profiles/office").then().statusCode(200).extract().asString();

        assertThat(page).contains("<form method=\"get\" action=\"/profiles/office/diff\" id=\"diff-form\">")
                .contains("<input type=\"radio\" form=\"diff-form\" name=\"from\" value=\"20261201100000\" id=\"from-1\" checked>")
                .contains("<input type=\"radio\" form=\"diff-form\" name=\"to\" value=\"20261201110000\" id=\"to-0\" checked>")
                .contains("id=\"compare\"");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aDiffIsATableThatSaysInWordsAndSymbolsWhatWasAddedRemovedAndChangedAndNeverASecret() throws Exception {
        when(provisioning.diff("office", "20261201100000", "20261201110000", null)).thenReturn(JSON.readValue("""
                {"from":"20261201100000","to":"20261201110000",
                 "added":[{"name":"SIP.Account.0.DisplayName","value":"Reception","secret":false}],
                 "removed":[{"name":"SIP.Account.1.AuthName","value":"2000","secret":false}],
                 "changed":[{"name":"SIP.Account.0.AuthName","from":"1012","to":"1020","secret":false},
                            {"name":"SIP.Account.0.AuthPassword","secret":true}],
                 "overrides":{"90:1b:0e:aa:00:02":{"added":[],"removed":[],
                     "changed":[{"name":"SIP.Account.0.AuthName","from":"1013","to":"1014","secret":false}]}},
                 "certificatesChanged":true,"firmwareChanged":false,"referencesChanged":false,
                 "settings":{"added":[],"removed":[],"changed":[]},"operationsChanged":false}
                """, ProvisioningViews.Diff.class));

        String page = given().queryParam("from", "20261201100000").queryParam("to", "20261201110000")
                .get("/profiles/office/diff").then().statusCode(200).extract().asString();

        assertThat(page).contains("<thead><tr><th scope=\"col\">Change</th><th scope=\"col\">Name</th>"
                + "<th scope=\"col\">In <code>20261201100000</code> (from)</th>");
        assertThat(page).contains("<tr class=\"removed\"><td><span aria-hidden=\"true\" class=\"symbol\">-</span> removed</td>"
                + "<td><code>SIP.Account.1.AuthName</code></td>\n    <td><code>2000</code></td>\n    <td><em>not in this release</em></td></tr>");
        assertThat(page).contains("<span aria-hidden=\"true\" class=\"symbol\">+</span> added</td><td><code>SIP.Account.0.DisplayName</code></td>\n"
                + "    <td><em>not in this release</em></td>\n    <td><code>Reception</code></td>");
        assertThat(page).contains("<span aria-hidden=\"true\" class=\"symbol\">~</span> changed</td><td><code>SIP.Account.0.AuthPassword</code></td>\n"
                + "    <td><em>secret, not shown</em></td>\n    <td><em>secret, not shown</em></td>");
        assertThat(page).contains("id=\"diff-overrides-90:1b:0e:aa:00:02\"").contains("<code>1014</code>");
        assertThat(page).contains("<tr><td>CA certificates</td><td><strong>~ changed</strong></td></tr>")
                .contains("<tr><td>Firmware</td><td>the same</td></tr>");
        assertThat(page).doesNotContain("id=\"diff-settings\"").doesNotContain("<form method=\"post\"");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aDiffOfUnknownReleasesSaysSo() {
        when(provisioning.diff("office", "20261201100000", "20991201110000", null)).thenThrow(
                new ApiProblem(404, new ApiProblem.Body("Not Found", 404, "release 20991201110000", "not_found", null)));

        String page = given().queryParam("from", "20261201100000").queryParam("to", "20991201110000")
                .get("/profiles/office/diff").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> No such releases of profile office in your tenant.");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorOpensAProfileOfTheTenantTheListNames() {
        ProvisioningViews.Profile office = new ProvisioningViews.Profile("acme", "office", "maxwell-1.1", List.of(),
                List.of(), Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"), null);
        when(provisioning.profiles(anyInt(), anyInt(), isNull())).thenReturn(new InventoryViews.Page<>(List.of(office), 0, 25, 1));
        when(provisioning.profile("office", "acme")).thenReturn(office);
        when(provisioning.releases(eq("office"), eq("acme"), anyInt(), anyInt()))
                .thenReturn(new InventoryViews.Page<>(List.of(), 0, 20, 0));

        assertThat(given().get("/profiles").then().statusCode(200).extract().asString())
                .contains("<a href=\"/profiles/office?tenant=acme\">office</a> (acme)")
                .doesNotContain("id=\"new-profile\"");
        String page = given().queryParam("tenant", "acme").get("/profiles/office").then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("<dt>Tenant</dt><dd>acme</dd>").contains("href=\"/profiles/office/pins?tenant=acme\"")
                .doesNotContain("method=\"post\"");
    }

    private void stubOffice(List<ProvisioningViews.Release> releases) {
        when(provisioning.profile("office", null)).thenReturn(new ProvisioningViews.Profile("acme", "office", "maxwell-1.1",
                List.of(new ProvisioningViews.Parameter("SIP.Account.0.AuthName", "1012", false),
                        new ProvisioningViews.Parameter("SIP.Account.0.AuthPassword", null, true)), List.of(),
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"),
                releases.isEmpty() ? null : releases.get(0).uvc()));
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt()))
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
