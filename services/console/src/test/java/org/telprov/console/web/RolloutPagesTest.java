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
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;
import org.telprov.console.provisioning.RolloutApi;
import org.telprov.console.provisioning.RolloutViews;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The rollout pages, rendered with a stand-in provisioning API. */
@QuarkusTest
class RolloutPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ID = "0b6f3c1e-4a52-4c1d-9a57-3f1f0d6c2a10";
    private static final String OTHER = "7d0c1b2a-1111-4222-8333-944455556666";

    @InjectMock
    @RestClient
    RolloutApi rollouts;

    @InjectMock
    @RestClient
    ProvisioningApi provisioning;

    @InjectMock
    @RestClient
    InventoryApi inventory;

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theListNamesEachRolloutsStatusTargetCurrentGroupAndTotals() {
        when(rollouts.rollouts(0, 25, null)).thenReturn(new InventoryViews.Page<>(List.of(
                running(ID, List.of()), firmware(OTHER)), 0, 25, 2));

        String page = given().get("/rollouts").then().statusCode(200).extract().asString();

        assertThat(page).contains("<a href=\"/rollouts/" + ID + "\">release 20261201100000 of profile office</a>")
                .contains("<td>running</td><td>2 (2 of 3)</td>")
                .contains("<td class=\"number\">6</td><td class=\"number\">1</td>\n    <td class=\"number\">1</td>"
                        + "<td class=\"number\">10</td>")
                .as("a firmware rollout is listed with its target as the API names it")
                .contains("firmware 2.22.4 (channel:acme/gigaset-maxwell/mx3/stable)")
                .contains("<td>acme-admin</td>");
        assertThat(page).doesNotContain("<th scope=\"col\">Tenant</th>");
    }

    @Test
    @TestSecurity(user = "acme-viewer", roles = "partner")
    void aReadOnlyPersonSeesTheProgressWithoutAControlThatWrites() {
        stub(running(ID, List.of()));

        String page = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();

        assertThat(page).contains("id=\"groups\"").contains("id=\"devices\"");
        assertThat(page).doesNotContain("<form").doesNotContain("id=\"stop\"").doesNotContain("id=\"commands\"");
        String list = given().get("/rollouts").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("Roll out a release");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void eachGroupsProgressIsShownInNumbersWithABarAndThePauseReasonsInWords() {
        stub(paused(ID));

        String page = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();

        assertThat(page).contains("<strong>paused</strong>: nothing more is offered; devices offered already still "
                + "settle. Current group: 2 (2 of 3).");
        assertThat(page).contains("<li>Group 2: 3 of 5 devices offered failed or timed out, at least the error "
                + "threshold of 10 %.</li>").contains("<li>Paused by hand.</li>");
        assertThat(page).as("group 1: 4 confirmed of 4 offered, the bar full of confirmed")
                .contains("<td>succeeded</td>\n      <td class=\"number\">0</td><td class=\"number\">0</td>\n"
                        + "      <td class=\"number\">4</td><td class=\"number\">0</td>")
                .contains("<td class=\"number\">100 %</td><td class=\"number\">0 %</td>")
                .contains("<rect class=\"confirmed\" width=\"240\" height=\"14\"/>");
        assertThat(page).as("group 2: 2 of 5 confirmed, 3 failed or timed out, a hatched segment after the solid one")
                .contains("<td class=\"number\">40 %</td><td class=\"number\">60 %</td>")
                .contains("<rect class=\"confirmed\" width=\"96\" height=\"14\"/>")
                .contains("<rect class=\"failed\" x=\"96\" width=\"144\" height=\"14\"/>");
        assertThat(page).contains("<td>dynamic (devices that joined later)</td>");
        assertThat(page).contains("<td class=\"number\" id=\"total-timed_out\">1</td>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theProgressIsPolledWhileTheRolloutRunsAndNoLongerOnceItEnded() {
        stub(running(ID, List.of()));
        String page = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(page).contains("hx-get=\"/rollouts/" + ID + "/progress?shown=running\" hx-trigger=\"every 5s\"");

        when(rollouts.rollout(ID)).thenReturn(with(running(ID, List.of()), "paused"));
        String fragment = given().queryParam("shown", "running").get("/rollouts/" + ID + "/progress")
                .then().statusCode(200).extract().asString();
        assertThat(fragment).contains("<section").doesNotContain("<html").contains("hx-trigger=\"every 5s\"")
                .as("the page's commands are the running rollout's: the fragment says to load it again")
                .contains("It is paused now, no longer running")
                .contains("progress?shown=running");

        when(rollouts.rollout(ID)).thenReturn(with(running(ID, List.of()), "finished"));
        String ended = given().queryParam("shown", "running").get("/rollouts/" + ID + "/progress")
                .then().statusCode(200).extract().asString();
        assertThat(ended).doesNotContain("hx-trigger").doesNotContain("hx-get").contains("<strong>finished</strong>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void onlyTheCommandsTheStatusAllowsAreOffered() {
        stub(running(ID, List.of()));
        String running = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(running).contains("id=\"command-pause\"").contains("id=\"command-next-group\"")
                .contains("id=\"command-cancel\"").contains("href=\"/rollouts/" + ID + "/stop\" id=\"stop\"")
                .doesNotContain("id=\"command-start\"").doesNotContain("id=\"command-resume\"")
                .doesNotContain("id=\"command-approve\"").doesNotContain("id=\"command-retry-failed\"");

        stub(paused(ID));
        String paused = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(paused).contains("id=\"command-resume\"").contains("id=\"stop\"")
                .doesNotContain("id=\"command-pause\"").doesNotContain("id=\"command-next-group\"");

        stub(with(running(ID, List.of()), "stopped"));
        String stopped = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(stopped).as("ended, with failures: only a retry of the failed devices")
                .contains("id=\"command-retry-failed\"").doesNotContain("id=\"command-cancel\"")
                .doesNotContain("id=\"stop\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRolloutAwaitingApprovalIsNotOfferedForApprovalToItsCreator() {
        stub(awaitingApproval(ID, "acme-admin"));
        String own = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(own).doesNotContain("id=\"command-approve\"").doesNotContain("id=\"command-start\"")
                .contains("id=\"command-cancel\"").doesNotContain("id=\"stop\"")
                .contains("required, by an administrator other than acme-admin or the operator");

        stub(awaitingApproval(ID, "acme-other-admin"));
        String another = given().get("/rollouts/" + ID).then().statusCode(200).extract().asString();
        assertThat(another).contains("id=\"command-approve\"");
    }

    @Test
    @TestSecurity(user = "operator", roles = "operator")
    void theOperatorSeesEveryTenantsRolloutsApprovesButPlansNone() {
        when(rollouts.rollouts(0, 25, null)).thenReturn(new InventoryViews.Page<>(List.of(running(ID, List.of())), 0,
                25, 1));
        stub(awaitingApproval(ID, "acme-admin"));
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(releases());

        assertThat(given().get("/rollouts").then().statusCode(200).extract().asString())
                .contains("<th scope=\"col\">Tenant</th>").contains("<td>acme</td>");
        when(inventory.tenants()).thenReturn(List.of(new InventoryViews.Tenant("acme", "Acme", null, "active", null,
                "UTC", null, null)));
        when(rollouts.rollouts(0, 25, "acme")).thenReturn(new InventoryViews.Page<>(List.of(), 0, 25, 0));
        assertThat(given().queryParam("tenant", "acme").get("/rollouts").then().statusCode(200).extract().asString())
                .contains("<option value=\"acme\" selected>acme</option>").contains("No rollout yet.");
        assertThat(given().get("/rollouts/" + ID).then().statusCode(200).extract().asString())
                .contains("id=\"command-approve\"").contains("<dt>Tenant</dt><dd>acme</dd>");
        assertThat(given().queryParam("profile", "office").get("/rollouts/new").then().statusCode(200).extract()
                .asString()).contains("Your role cannot plan rollouts").doesNotContain("<form method=\"post\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aCommandAsksTheApiAndLeadsBackToTheRolloutWithANotice() {
        when(rollouts.command(ID, "pause")).thenReturn(paused(ID));
        when(rollouts.command(ID, "retry-failed")).thenReturn(running(OTHER, List.of()));
        stub(paused(ID));

        Csrf.given().redirects().follow(false).post("/rollouts/" + ID + "/pause").then().statusCode(303)
                .header("Location", endsWith("/rollouts/" + ID + "?done=pause"));
        Csrf.given().redirects().follow(false).post("/rollouts/" + ID + "/retry-failed").then().statusCode(303)
                .header("Location", endsWith("/rollouts/" + OTHER + "?done=retry-failed"));
        String page = given().queryParam("done", "pause").get("/rollouts/" + ID).then().statusCode(200)
                .extract().asString();

        verify(rollouts).command(ID, "pause");
        assertThat(page).contains("<strong>Done:</strong> Paused: nothing more is offered");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aCommandTheStatusNoLongerAllowsIsReportedInWordsOnTheRolloutsPage() {
        when(rollouts.command(ID, "start")).thenThrow(new ApiProblem(409, new ApiProblem.Body("Conflict", 409,
                "The rollout's status does not allow it: target_busy", "target_busy", null)));
        stub(with(running(ID, List.of()), "ready"));

        String page = Csrf.given().post("/rollouts/" + ID + "/start").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();

        assertThat(page).contains("<div class=\"warning\" role=\"alert\" id=\"refused\"><strong>Not done:</strong> "
                + "Another rollout runs or is paused on the same profile").contains("id=\"groups\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theEmergencyStopAsksForAConfirmationBeforeItReachesTheApi() {
        stub(running(ID, List.of()));
        when(rollouts.command(ID, "stop")).thenReturn(with(running(ID, List.of()), "stopped"));

        String asking = given().get("/rollouts/" + ID + "/stop").then().statusCode(200).extract().asString();
        assertThat(asking).contains("every one of the\n  <strong>10</strong> devices offered the change so far")
                .contains("id=\"confirm-stop\"");
        String unticked = Csrf.given().post("/rollouts/" + ID + "/stop").then().statusCode(200).extract()
                .asString();
        assertThat(unticked).contains("Tick the box to confirm the emergency stop.")
                .contains("id=\"confirm\" name=\"confirm\" value=\"yes\" aria-invalid=\"true\"");
        verify(rollouts, never()).command(anyString(), anyString());

        Csrf.given().redirects().follow(false).formParam("confirm", "yes").post("/rollouts/" + ID + "/stop")
                .then().statusCode(303).header("Location", endsWith("/rollouts/" + ID + "?done=stop"));
        verify(rollouts).command(ID, "stop");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void anotherTenantsRolloutReadsLikeAnUnknownOne() {
        ApiProblem notFound = new ApiProblem(404, new ApiProblem.Body("Not Found", 404, "rollout " + OTHER,
                "not_found", null));
        when(rollouts.rollout(OTHER)).thenThrow(notFound);
        when(rollouts.command(OTHER, "cancel")).thenThrow(notFound);

        String unknown = given().get("/rollouts/" + OTHER).then().statusCode(200).extract().asString();
        String cancelled = Csrf.given().post("/rollouts/" + OTHER + "/cancel").then().statusCode(200).extract()
                .asString();
        String notAnId = given().get("/rollouts/not-a-rollout").then().statusCode(200).extract().asString();

        for (String page : List.of(unknown, cancelled, notAnId)) {
            assertThat(page).contains("<strong>Error:</strong> No such rollout in your tenant.")
                    .doesNotContain("id=\"groups\"");
        }
        given().get("/rollouts/" + OTHER + "/progress").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theDevicesOfOneStateAreListedWithTheirReasonsAndPaged() {
        when(rollouts.rollout(ID)).thenReturn(paused(ID));
        when(rollouts.devices(ID, "timed_out", 1, 25)).thenReturn(new InventoryViews.Page<>(List.of(
                new RolloutViews.Device("7c2f80c0ffee", 1, "timed_out", "no_checkin", "20261130090000", AT, AT,
                        null)), 1, 25, 30));

        String page = given().queryParam("state", "timed_out").queryParam("page", 1).get("/rollouts/" + ID)
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("<caption>30 devices timed out, by MAC; page 2 of 2</caption>")
                .contains("<a class=\"mac\" href=\"/devices/7c2f80c0ffee\">7c2f80c0ffee</a></td><td>2</td>"
                        + "<td>timed out</td>")
                .contains("<td>no check-in within the confirmation window</td>")
                .contains("href=\"/rollouts/" + ID + "?page=0&amp;state=timed_out\" rel=\"prev\"")
                .contains("id=\"state-timed_out\" aria-current=\"page\">timed out (1)</a>");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void theFormOffersTheReleasesPublishedForRolloutsAndSendsWhatWasTyped() throws Exception {
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(releases());
        when(rollouts.create(any())).thenReturn(running(ID, List.of()));

        String form = given().queryParam("profile", "office").get("/rollouts/new").then().statusCode(200)
                .extract().asString();
        assertThat(form).contains("<option value=\"20261201120000\" selected>20261201120000 (newest)</option>")
                .contains("<option value=\"20261201100000\" >20261201100000</option>")
                .as("a release for all devices is no rollout's").doesNotContain("20261201110000")
                .contains("<input id=\"groupCount\" name=\"groupCount\" value=\"3\"");

        Csrf.given().redirects().follow(false).formParam("profile", "office").formParam("uvc", "20261201100000")
                .formParam("groupMode", "shares").formParam("groupCount", "3").formParam("groups", "5, 25,70")
                .formParam("successPercent", "95").formParam("successAction", "wait").formParam("errorPercent", "5")
                .formParam("confirmationMinutes", "45").formParam("windowOpens", "22:00")
                .formParam("windowCloses", "05:00").formParam("windowZone", "")
                .formParam("startAt", "2026-12-08T02:00:00Z").formParam("approvalRequired", "yes")
                .post("/rollouts/new").then().statusCode(303)
                .header("Location", endsWith("/rollouts/" + ID + "?done=created"));

        ArgumentCaptor<JsonNode> sent = ArgumentCaptor.forClass(JsonNode.class);
        verify(rollouts).create(sent.capture());
        assertThat(sent.getValue()).isEqualTo(JSON.readTree("""
                {"kind":"release","profile":"office","uvc":"20261201100000",
                 "groups":[{"share":5},{"share":25},{"share":70}],"successPercent":95,"successAction":"wait",
                 "errorPercent":5,"confirmationMinutes":45,"maintenanceWindow":{"opens":"22:00","closes":"05:00"},
                 "startAt":"2026-12-08T02:00:00Z","approvalRequired":true}"""));
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aRolloutTheApiRefusesIsReportedNextToTheFieldsAsTyped() throws Exception {
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(releases());
        when(rollouts.create(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "validation failed", "validation_failed", List.of(
                        new ApiProblem.FieldError("groups[1].share", "must be less than or equal to 10000"),
                        new ApiProblem.FieldError("maintenanceWindow.opens", "HH:MM"),
                        new ApiProblem.FieldError("successPercent", "field 'successPercent' is unknown or has the "
                                + "wrong type")))));

        String page = Csrf.given().formParam("profile", "office").formParam("uvc", "20261201100000")
                .formParam("groupMode", "shares").formParam("groups", "10, 99999")
                .formParam("successPercent", "ninety").formParam("errorPercent", "10")
                .formParam("confirmationMinutes", "30").formParam("windowOpens", "25:00")
                .formParam("windowCloses", "05:00").post("/rollouts/new").then().statusCode(200).extract().asString();

        assertThat(page).contains("<p class=\"field-error\" id=\"groups-error\"><strong>Error:</strong> must be less "
                        + "than or equal to 10000</p>")
                .contains("<p class=\"field-error\" id=\"windowOpens-error\"><strong>Error:</strong> HH:MM</p>")
                .contains("<p class=\"field-error\" id=\"successPercent-error\">")
                .contains("value=\"10, 99999\"").contains("value=\"ninety\"")
                .contains("<input type=\"radio\" id=\"mode-shares\" name=\"groupMode\" value=\"shares\" checked>")
                .contains("<option value=\"20261201100000\" selected>");
        ArgumentCaptor<JsonNode> sent = ArgumentCaptor.forClass(JsonNode.class);
        verify(rollouts).create(sent.capture());
        assertThat(sent.getValue().get("successPercent").asText()).as("sent as typed, for the API to word")
                .isEqualTo("ninety");
        assertThat(sent.getValue().get("groups").get(1).get("share").asInt()).isEqualTo(99999);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aProfileWithoutAReleaseForRolloutsSaysHowToPublishOne() {
        when(provisioning.releases(eq("office"), isNull(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(
                List.of(release("20261201110000", "all")), 0, 20, 1));

        String page = given().queryParam("profile", "office").get("/rollouts/new").then().statusCode(200)
                .extract().asString();

        assertThat(page).contains("No release of office is published for rollouts")
                .doesNotContain("id=\"rollout-form\"");
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void publishingForRolloutsFromTheProfilesPageAsksTheApiForARolloutRelease() {
        when(provisioning.publishForRollouts("office")).thenReturn(release("20261201120000", "rollout"));

        Csrf.given().redirects().follow(false).formParam("audience", "rollout").formParam("percent", "20")
                .post("/profiles/office/publish").then().statusCode(303)
                .header("Location", endsWith("/profiles/office?published=20261201120000"));

        verify(provisioning).publishForRollouts("office");
        verify(provisioning, never()).publish(any(), any(), any(), any());
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void hostileRequestsGetAPageOrA4xxNeverA500AndABadIdReachesNoService() {
        String longValue = "a".repeat(10_000);
        when(provisioning.releases(any(), any(), anyInt(), anyInt())).thenThrow(new ApiProblem(400,
                new ApiProblem.Body("Bad Request", 400, "name: not a name", "validation_failed", List.of())));
        for (String path : List.of("/rollouts/%00", "/rollouts/" + longValue, "/rollouts/..%2F..%2Fetc",
                "/rollouts?page=abc", "/rollouts?page=99999999999", "/rollouts/" + ID + "x/progress", "/rollouts/%00/stop", "/rollouts/new?profile=%00",
                "/rollouts/new?profile=" + longValue, "/rollouts/new")) {
            int status = given().urlEncodingEnabled(false).get(path).statusCode();
            assertThat(status).as(path).isLessThan(500);
        }
        for (String path : List.of("/rollouts/%00/pause", "/rollouts/" + longValue + "/start",
                "/rollouts/" + ID + "/%00", "/rollouts/" + ID + "/delete", "/rollouts/%00/stop")) {
            int status = Csrf.given().urlEncodingEnabled(false).formParam("confirm", "yes").post(path).statusCode();
            assertThat(status).as(path).isLessThan(500);
        }
        verifyNoInteractions(rollouts);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void hostileValuesInTheDetailAndTheFormGetAPageNeverA500() {
        when(rollouts.rollout(ID)).thenReturn(running(ID, List.of()));
        when(rollouts.devices(eq(ID), any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(List.of(),
                0, 25, 0));
        when(provisioning.releases(any(), any(), anyInt(), anyInt())).thenReturn(releases());
        when(rollouts.create(any())).thenThrow(new ApiProblem(400, new ApiProblem.Body("Bad Request", 400,
                "malformed", "validation_failed", null)));
        String longValue = "9".repeat(10_000);

        for (String path : List.of("/rollouts/" + ID + "?state=%00", "/rollouts/" + ID + "?state=" + "9".repeat(2_000),
                "/rollouts/" + ID + "?page=2147483647", "/rollouts/" + ID + "/progress?shown=%00%3Cscript%3E",
                "/rollouts/" + ID + "?done=%00")) {
            String page = given().urlEncodingEnabled(false).get(path).then().statusCode(200).extract().asString();
            assertThat(page).as(path).doesNotContain("<script>");
        }
        verify(rollouts, atLeastOnce()).devices(ID, null, 0, 25);
        int posted = Csrf.given().formParam("profile", "office").formParam("groupCount", longValue)
                .formParam("groups", "1,".repeat(5_000)).formParam("successPercent", "\u0000")
                .formParam("windowOpens", longValue).post("/rollouts/new").statusCode();
        assertThat(posted).isLessThan(500);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aCommandWithoutTheFormTokenIsRefusedWithAPageSayingWhyAndReachesNoService() {
        for (String path : List.of("/rollouts/" + ID + "/pause", "/rollouts/" + ID + "/stop", "/rollouts/new")) {
            String page = given().formParam("confirm", "yes").formParam("profile", "office").redirects()
                    .follow(false).post(path).then().statusCode(400).contentType(containsString("text/html"))
                    .extract().asString();
            assertThat(page).contains("<strong>Error:</strong> The form did not carry this session's form");
        }
        given().cookie("csrf-token", Csrf.TOKEN).header("X-CSRF-TOKEN", "b3RoZXItdG9rZW4tMTIzNDU")
                .formParam("confirm", "yes").post("/rollouts/" + ID + "/pause").then().statusCode(400);
        verifyNoInteractions(rollouts);
    }

    @Test
    @TestSecurity(user = "acme-admin", roles = "partner-admin")
    void aFirmwareRolloutIsShownWithItsTargetAndItsConfirmationInSeconds() {
        stub(firmware(OTHER));

        String page = given().get("/rollouts/" + OTHER).then().statusCode(200).extract().asString();

        assertThat(page).contains("<h1>Rollout of firmware 2.22.4 (channel:acme/gigaset-maxwell/mx3/stable)</h1>")
                .contains("<dt>Confirmation window</dt><dd>90 seconds after its offer");
    }

    // ---- stand-ins

    private void stub(RolloutViews.Rollout rollout) {
        when(rollouts.rollout(rollout.id())).thenReturn(rollout);
        when(rollouts.devices(eq(rollout.id()), any(), anyInt(), anyInt())).thenReturn(new InventoryViews.Page<>(
                List.of(new RolloutViews.Device("7c2f80c0ffee", 0, "confirmed", null, "20261130090000", AT, AT,
                        null)), 0, 25, 1));
    }

    private static RolloutViews.Rollout running(String id, List<RolloutViews.Pause> pauses) {
        return new RolloutViews.Rollout(id, "acme", "release", "office", "20261201100000",
                "profile:acme/office", "running", 1, "acme-admin", null, false, AT, null, AT, null, 90,
                "next_group", 10, 30, null, null, 3, pauses, groups(), counts(0, 1, 1, 6, 1, 1, 0), null, null);
    }

    private static RolloutViews.Rollout paused(String id) {
        return with(running(id, List.of(new RolloutViews.Pause("error_condition", 1, 2, 3, 5),
                new RolloutViews.Pause("by_hand", -1, 0, 0, 0))), "paused");
    }

    private static RolloutViews.Rollout awaitingApproval(String id, String creator) {
        RolloutViews.Rollout r = running(id, List.of());
        return new RolloutViews.Rollout(r.id(), r.tenant(), r.kind(), r.profile(), r.uvc(), r.target(),
                "awaiting_approval", -1, creator, null, true, AT, null, null, null, 90, "next_group", 10, 30, null,
                null, 3, List.of(), r.groups(), counts(10, 0, 0, 0, 0, 0, 0), null, null);
    }

    private static RolloutViews.Rollout firmware(String id) {
        return new RolloutViews.Rollout(id, "acme", "firmware", null, null,
                "channel:acme/gigaset-maxwell/mx3/stable", "running", 0, "acme-admin", null, false, AT, null, AT,
                null, 90, "next_group", 10, null, 90, null, 3, List.of(), groups(), counts(0, 1, 1, 6, 1, 1, 0),
                null, "2.22.4");
    }

    private static RolloutViews.Rollout with(RolloutViews.Rollout r, String status) {
        return new RolloutViews.Rollout(r.id(), r.tenant(), r.kind(), r.profile(), r.uvc(), r.target(), status,
                r.currentGroup(), r.createdBy(), r.approvedBy(), r.approvalRequired(), r.createdAt(), r.startAt(),
                r.startedAt(), status.equals("running") || status.equals("paused") || status.equals("ready")
                ? null : AT, r.successPercent(), r.successAction(), r.errorPercent(), r.confirmationMinutes(),
                r.confirmationSeconds(), r.maintenanceWindow(), r.digestRefusalLimit(), r.pauseReasons(),
                r.groups(), r.total(), r.retryOf(), r.firmwareVersion());
    }

    /** Group 1 succeeded (4 confirmed), group 2 runs (2 confirmed, 2 failed, 1 timed out), the dynamic one waits. */
    private static List<RolloutViews.Group> groups() {
        return List.of(
                new RolloutViews.Group(0, "1", 1, null, null, null, null, "succeeded", AT,
                        counts(0, 0, 0, 4, 0, 0, 0)),
                new RolloutViews.Group(1, "2", 1, null, null, null, null, "running", AT,
                        counts(0, 0, 0, 2, 2, 1, 0)),
                new RolloutViews.Group(2, "dynamic", null, null, null, null, null, "scheduled", null,
                        counts(0, 0, 0, 0, 0, 0, 0)));
    }

    private static Map<String, Integer> counts(int scheduled, int offered, int fetched, int confirmed, int failed,
                                               int timedOut, int excluded) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] values = {scheduled, offered, fetched, confirmed, failed, timedOut, excluded};
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0) {
                counts.put(RolloutViews.STATES.get(i), values[i]);
            }
        }
        return counts;
    }

    private static InventoryViews.Page<ProvisioningViews.Release> releases() {
        return new InventoryViews.Page<>(List.of(release("20261201120000", "rollout"),
                release("20261201110000", "all"), release("20261201100000", "rollout")), 0, 20, 3);
    }

    private static ProvisioningViews.Release release(String uvc, String audience) {
        try {
            return new ProvisioningViews.Release("office", uvc, null,
                    JSON.readTree("{\"type\":\"" + audience + "\"}"), AT, "acme-admin", List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
