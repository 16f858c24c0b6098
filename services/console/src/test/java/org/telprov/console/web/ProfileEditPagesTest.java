package org.telprov.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Creating a profile and editing its parameters, with a stand-in provisioning API: secrets are write-only. */
@QuarkusTest
class ProfileEditPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A value the page must never carry, even if an API ever answered it. */
    private static final String LEAKED = "leaked-s3cret";

    @InjectMock
    @RestClient
    ProvisioningApi provisioning;

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aStoredSecretIsOfferedEmptyAndNeverRenderedEvenIfTheApiSentIt() {
        when(provisioning.profile("office", null)).thenReturn(office(List.of()));

        String page = given().get("/profiles/office/edit").then().statusCode(200).extract().asString();

        assertThat(page).doesNotContain(LEAKED);
        assertThat(page).contains("id=\"p1-value\" name=\"p1-value\" type=\"password\" autocomplete=\"new-password\" value=\"\"")
                .contains("Secret: unchanged unless you type a new value")
                .contains("name=\"p1-stored\" value=\"true\"");
        assertThat(page).contains("id=\"p0-value\" name=\"p0-value\" value=\"1012\"");
        assertThat(page).as("spare rows to add parameters").contains("id=\"p4-name\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void savingWithAnEmptySecretSendsItWithoutAValueAndTheRestOfTheProfileAsTheApiAnsweredIt() throws Exception {
        when(provisioning.profileAsIs("office")).thenReturn(JSON.readTree("""
                {"tenantId":"acme","name":"office","dialect":"maxwell-1.1","certificates":[],
                 "parameters":[{"name":"SIP.Account.0.AuthName","value":"1012","secret":false},
                               {"name":"SIP.Account.0.AuthPassword","secret":true}],
                 "overrides":{"901b0eaa0002":[{"name":"SIP.Account.0.AuthName","value":"1013","secret":false}]},
                 "settings":[{"name":"site","secret":true}],"firmware":null,"references":[],"operations":[],
                 "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","latestRelease":null}
                """));

        Csrf.given().redirects().follow(false).formParam("rows", "5").formParam("dialect", "maxwell-1.1")
                .formParam("p0-name", "SIP.Account.0.AuthName").formParam("p0-value", "1020")
                .formParam("p1-name", "SIP.Account.0.AuthPassword").formParam("p1-value", "")
                .formParam("p1-secret", "true").formParam("p1-stored", "true")
                .formParam("p2-name", "SIP.Account.0.DisplayName").formParam("p2-value", "Reception")
                .formParam("p2-remove", "true")
                .formParam("p3-name", "").formParam("p3-value", "")
                .formParam("p4-name", "System.Security.HTTPAuthPassword").formParam("p4-value", "new-pass")
                .formParam("p4-secret", "true")
                .post("/profiles/office/edit").then().statusCode(303)
                .header("Location", endsWith("/profiles/office?saved=parameters"));

        ArgumentCaptor<JsonNode> sent = ArgumentCaptor.forClass(JsonNode.class);
        verify(provisioning).replace(eq("office"), sent.capture());
        assertThat(sent.getValue().get("parameters")).isEqualTo(JSON.readTree("""
                [{"name":"SIP.Account.0.AuthName","value":"1020"},
                 {"name":"SIP.Account.0.AuthPassword","secret":true},
                 {"name":"System.Security.HTTPAuthPassword","value":"new-pass","secret":true}]
                """));
        assertThat(sent.getValue().get("overrides").get("901b0eaa0002").get(0).get("value").asText()).isEqualTo("1013");
        assertThat(sent.getValue().get("settings")).isEqualTo(JSON.readTree("[{\"name\":\"site\",\"secret\":true}]"));
        assertThat(sent.getValue().has("tenantId")).isFalse();
        assertThat(sent.getValue().has("certificates")).isFalse();
        assertThat(sent.getValue().has("latestRelease")).isFalse();
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRefusedValueIsReportedNextToItsRowAndATypedSecretIsNotShownAgain() throws Exception {
        when(provisioning.profileAsIs("office")).thenReturn(JSON.readTree(
                "{\"name\":\"office\",\"dialect\":\"maxwell-1.1\",\"parameters\":[],\"certificates\":[]}"));
        when(provisioning.replace(eq("office"), any())).thenThrow(new ApiProblem(400, new ApiProblem.Body(
                "Bad Request", 400, "unclosed reference", "invalid_parameter",
                List.of(new ApiProblem.FieldError("parameters[0].value", "unclosed reference '{{'")))));

        String page = Csrf.given().formParam("rows", "3").formParam("dialect", "maxwell-1.1")
                .formParam("p0-name", "").formParam("p0-value", "")
                .formParam("p1-name", "SIP.Account.0.DisplayName").formParam("p1-value", "{{setting.name")
                .formParam("p2-name", "SIP.Account.0.AuthPassword").formParam("p2-value", "typed-s3cret")
                .formParam("p2-secret", "true")
                .post("/profiles/office/edit").then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>Error:</strong> unclosed reference</div>");
        assertThat(page).as("the first row sent is the form's second")
                .contains("<p class=\"field-error\" id=\"p1-value-error\"><strong>Error:</strong> unclosed reference &#39;{{&#39;</p>")
                .contains("id=\"p1-value\" name=\"p1-value\" value=\"{{setting.name\" autocomplete=\"off\"\n"
                        + "                 aria-invalid=\"true\" aria-describedby=\"p1-value-error\"");
        assertThat(page).doesNotContain("typed-s3cret").contains("Secret: type its value (not shown again)");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void creatingAProfileSendsItsRowsAndARefusedNameIsReportedNextToIt() throws Exception {
        when(provisioning.create(any())).thenReturn(office(List.of()));

        Csrf.given().redirects().follow(false).formParam("rows", "2").formParam("name", " office ")
                .formParam("dialect", "maxwell-1.1")
                .formParam("p0-name", "SIP.Account.0.AuthPassword").formParam("p0-value", "s3cret")
                .formParam("p0-secret", "true").formParam("p1-name", "").formParam("p1-value", "")
                .post("/profiles").then().statusCode(303)
                .header("Location", endsWith("/profiles/office?saved=created"));
        ArgumentCaptor<JsonNode> sent = ArgumentCaptor.forClass(JsonNode.class);
        verify(provisioning).create(sent.capture());
        assertThat(sent.getValue()).isEqualTo(JSON.readTree("""
                {"name":"office","dialect":"maxwell-1.1",
                 "parameters":[{"name":"SIP.Account.0.AuthPassword","value":"s3cret","secret":true}]}
                """));

        when(provisioning.create(any())).thenThrow(new ApiProblem(409, new ApiProblem.Body("Conflict", 409,
                "a profile named office exists", "profile_exists", List.of(new ApiProblem.FieldError("name",
                "a profile named office exists")))));
        String page = Csrf.given().formParam("rows", "1").formParam("name", "office").formParam("dialect", "auerswald")
                .formParam("p0-name", "SIP.Account.0.AuthPassword").formParam("p0-value", "s3cret")
                .formParam("p0-secret", "true")
                .post("/profiles").then().statusCode(200).extract().asString();
        assertThat(page).contains("<p class=\"field-error\" id=\"name-error\"><strong>Error:</strong> a profile named office exists</p>")
                .contains("<option value=\"auerswald\" selected>").doesNotContain("s3cret");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonGetsNoProfileFormAndNoLinkToOne() {
        when(provisioning.profile("office", null)).thenReturn(office(List.of()));

        for (String path : List.of("/profiles/new", "/profiles/office/edit")) {
            String page = given().get(path).then().statusCode(200).extract().asString();
            assertThat(page).as(path).doesNotContain("<form").contains("Your role reads profiles but does not change them.");
        }
        verify(provisioning, never()).create(any());
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aProfileWithCertificatesIsNotOfferedForEditingSinceTheApiCannotKeepThem() {
        when(provisioning.profile("office", null)).thenReturn(office(List.of(new ProvisioningViews.Certificate(
                "acme-ca", "CN=acme", "ab", Instant.parse("2030-01-01T00:00:00Z")))));

        String page = given().get("/profiles/office/edit").then().statusCode(200).extract().asString();

        assertThat(page).doesNotContain("<form").contains("has CA certificates");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aFormWithAHostileRowCountGetsAPageNeverA500() throws Exception {
        when(provisioning.profileAsIs("office")).thenReturn(JSON.readTree(
                "{\"name\":\"office\",\"parameters\":[],\"certificates\":[]}"));
        for (String rows : List.of("abc", "-5", "99999999999", "2147483647", "\u0000")) {
            int status = Csrf.given().formParam("rows", rows).formParam("dialect", "maxwell-1.1")
                    .post("/profiles/office/edit").statusCode();
            assertThat(status).as(rows).isLessThan(500);
        }
        when(provisioning.create(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "a profile needs a name", "validation_failed", List.of(new ApiProblem.FieldError("name",
                "a profile needs a name")))));
        assertThat(Csrf.given().post("/profiles").statusCode()).isLessThan(500);
    }

    private static ProvisioningViews.Profile office(List<ProvisioningViews.Certificate> certificates) {
        return new ProvisioningViews.Profile("acme", "office", "maxwell-1.1",
                List.of(new ProvisioningViews.Parameter("SIP.Account.0.AuthName", "1012", false),
                        new ProvisioningViews.Parameter("SIP.Account.0.AuthPassword", LEAKED, true)),
                certificates, Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"), null);
    }
}
