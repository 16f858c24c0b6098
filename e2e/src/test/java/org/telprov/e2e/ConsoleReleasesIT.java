package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.report.Report;
import org.telprov.platform.Platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's profile, release, pin and device authentication pages in a real browser: acme's administrator creates
 * and edits a profile (its secret never on a page), publishes it, a simulated phone boots from it and its check-in
 * shows on the device's page, a second release is compared with the first, a device is pinned and unpinned, and
 * device authentication is changed; acme's read-only user and globex's administrator then look; acme's administrator
 * rolls out a release, starts, pauses, resumes and cancels the rollout. The tests run in order: the later ones read
 * what the first made. The screenshots of these pages in docs/console/ are taken here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleReleasesIT {

    /** A Gigaset Maxwell phone (dialect maxwell-1.1) on acme's profile {@code desk}. */
    private static final String PHONE = "7c2f80b00011";
    private static final String SECRET = "digest-pass-desk";

    private static Platform platform;
    private static Path docs;
    private static String acme;
    /** The two releases the administrator publishes, for the later tests. */
    private static String first;
    private static String second;

    @TempDir
    static Path phoneState;

    private ConsoleBrowser browser;

    @BeforeAll
    static void startPlatform() {
        ConsoleBrowser.requireChromium();
        platform = E2ePlatform.start(E2ePlatform.options("-console-releases",
                List.of("inventory", "redirect", "provisioning", "console")).build());
        docs = Path.of(System.getProperty("telprov.repo.root")).resolve("docs/console");
        Keycloak keycloak = new Keycloak(platform.tokenUrl());
        String operator = keycloak.token("telprov-operator", "operator-secret");
        String template = platform.serviceUrl("provisioning") + "/prov/{mac}/";
        for (String tenant : List.of("acme", "globex")) {
            api("inventory", operator).body(Map.of("id", tenant, "name", tenant + " Telecom",
                    "provisioningUrlTemplate", template)).post("/api/v1/tenants").then().statusCode(201);
        }
        acme = keycloak.token("partner-acme", "acme-secret");
        // provisioning learns of new tenants from inventory's events, and refuses their tokens until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                api("provisioning", acme).get("/api/v1/profiles").then().statusCode(200));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.checkAndClose();
        }
    }

    @Test
    @Order(1)
    void acmesAdminCreatesEditsPublishesComparesPinsAndSetsDeviceAuthentication() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");

        // a new profile; a value the API refuses is reported next to its row, and the typed secret is not echoed
        browser.get("/profiles");
        browser.clickAndWait("#new-profile", "#parameter-rows");
        new Select(browser.find("#dialect")).selectByValue("maxwell-1.1");
        browser.find("#name").sendKeys("desk");
        row(0, "SIP.Account.0.AuthName", "1011");
        row(1, "System.Security.HTTPAuthUsername", "acme-phone");
        row(2, "System.Security.HTTPAuthPassword", SECRET);
        browser.find("#p2-secret").click();
        row(3, "SIP.Account.0.DisplayName", "{{setting.unclosed");
        browser.clickAndWait("#save", "#p3-value-error");
        assertThat(browser.text("#p3-value-error")).startsWith("Error:");
        assertThat(browser.find("#p3-value").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);
        assertThat(browser.find("#p2-value").getAttribute("type")).isEqualTo("password");
        browser.screenshot(docs, "profile-new-error", "#parameter-rows");
        browser.find("#p2-value").sendKeys(SECRET);
        browser.find("#p3-value").clear();
        browser.find("#p3-value").sendKeys("Desk");
        browser.clickAndWait("#save", "#notice");
        assertThat(browser.text("#notice")).contains("Profile created.");
        assertThat(browser.text("#parameters")).contains("1011").contains("secret, not shown");
        assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);

        // editing: the stored secret's field is empty, and left empty it keeps its value
        browser.clickAndWait("#edit-link", "#parameter-rows");
        assertThat(browser.find("#p2-value").getAttribute("value")).isEmpty();
        assertThat(browser.text("#p2-value-hint")).isEqualTo("Secret: unchanged unless you type a new value");
        assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);
        browser.find("#p3-value").clear();
        browser.find("#p3-value").sendKeys("Desk 1011");
        browser.screenshot(docs, "profile-edit", "h1");
        browser.clickAndWait("#save", "#notice");
        assertThat(browser.text("#notice")).contains("Parameters saved.");
        assertThat(browser.text("#parameters")).contains("Desk 1011");

        // published, and a phone of the profile boots from it: its check-in on the device's page names the release
        browser.clickAndWait("#publish", "#notice");
        first = browser.text("#latest-release");
        assertThat(browser.findAll("#warning-no_credentials")).as("the release carries the Digest credentials").isEmpty();
        api("inventory", acme).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "profile", "desk"))
                .put("/api/v1/devices/" + PHONE).then().statusCode(201);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                RestAssured.given().redirects().follow(false).get(platform.serviceUrl("redirect") + "/device/" + PHONE)
                        .then().statusCode(302));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Report report = PhoneSimulator.run(Family.MAXWELL_1_1, PhoneOptions.builder().mac(PHONE)
                    .redirect(URI.create(platform.serviceUrl("redirect"))).stateDir(phoneState)
                    .timeout(Duration.ofSeconds(20)).build());
            assertThat(report.ok()).as(report.text()).isTrue();
            assertThat(report.uvc()).isEqualTo(first);
            assertThat(report.params()).containsEntry("SIP.Account.0.DisplayName", "Desk 1011");
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.get("/devices/" + PHONE);
            assertThat(browser.text("#checkins")).contains(first);
        });
        browser.screenshot(docs, "device-release", "#checkins");

        // a second release: one value changed, one parameter removed; the two compared side by side
        browser.get("/profiles/desk/edit");
        browser.find("#p0-value").clear();
        browser.find("#p0-value").sendKeys("1021");
        browser.find("#p3-remove").click();
        browser.clickAndWait("#save", "#notice");
        browser.clickAndWait("#publish", "#notice");
        second = browser.text("#latest-release");
        assertThat(second).isNotEqualTo(first);
        browser.clickAndWait("#compare", "#diff-summary");
        assertThat(browser.text("#diff-summary")).contains("From release " + first + " to release " + second);
        assertThat(browser.text("#diff-parameters tr.changed")).contains("changed").contains("SIP.Account.0.AuthName")
                .contains("1011").contains("1021");
        assertThat(browser.text("#diff-parameters tr.removed")).contains("removed").contains("SIP.Account.0.DisplayName")
                .contains("Desk 1011").contains("not in this release");
        assertThat(browser.text("#diff-parameters")).as("the kept secret did not change")
                .doesNotContain("System.Security.HTTPAuthPassword");
        browser.screenshot(docs, "release-diff");

        // pinned to the first release, then unpinned; a MAC the API refuses is reported next to its field
        browser.get("/profiles/desk/pins");
        browser.find("#mac").sendKeys("7c:2f:80:zz:00:11");
        browser.clickAndWait("#pin", "#mac-error");
        assertThat(browser.find("#mac").getAttribute("aria-invalid")).isEqualTo("true");
        browser.find("#mac").clear();
        browser.find("#mac").sendKeys(PHONE);
        new Select(browser.find("#uvc")).selectByValue(first);
        browser.clickAndWait("#pin", "#notice");
        assertThat(browser.findAll("#pins tbody tr")).hasSize(1);
        assertThat(browser.text("#pins tbody tr")).contains(first).contains("yes").contains("acme-admin");
        browser.screenshot(docs, "pins");
        browser.clickAndWait("#pins tbody tr button", "#notice");
        assertThat(browser.text("#notice")).contains("unpinned");
        assertThat(browser.text("#pins")).contains("No device is pinned.");

        // device authentication: a file the API refuses as public is reported next to the list; MD5 offered too
        browser.get("/device-auth");
        assertThat(browser.text("#mode")).startsWith("digest");
        browser.find("#publicFiles").sendKeys("\nsettings.xml");
        browser.clickAndWait("#save", "#public-error");
        assertThat(browser.text("#public-error")).startsWith("Error:");
        browser.get("/device-auth");
        browser.find("#algorithm-MD5").click();
        browser.clickAndWait("#save", "#notice");
        assertThat(browser.text("#algorithms")).isEqualTo("SHA-256, MD5");
        browser.screenshot(docs, "device-auth");
        browser.find("#forget-mac").sendKeys(PHONE);
        browser.clickAndWait("#forget", "#notice");
        assertThat(browser.text("#notice")).contains("Forgot the credentials");
    }

    @Test
    @Order(2)
    void acmesReadOnlyUserSeesThesePagesWithNoControlThatWrites() {
        assertThat(second).as("the administrator's test made two releases").isNotNull();
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-viewer", "acme-viewer-pass");

        for (String page : List.of("/profiles", "/profiles/desk", "/profiles/new", "/profiles/desk/edit",
                "/profiles/desk/pins", "/profiles/desk/diff?from=" + first + "&to=" + second, "/device-auth")) {
            browser.get(page);
            assertThat(browser.findAll("form[method=post], input[type=password], textarea"))
                    .as("write controls on " + page).isEmpty();
            assertThat(browser.findAll("a[href='/profiles/new'], #edit-link")).as("links to write pages on " + page)
                    .isEmpty();
        }
        browser.get("/profiles/desk/diff?from=" + first + "&to=" + second);
        assertThat(browser.text("#diff-parameters")).contains("SIP.Account.0.AuthName");
        browser.get("/device-auth");
        assertThat(browser.text("#algorithms")).isEqualTo("SHA-256, MD5");
    }

    @Test
    @Order(3)
    void globexsAdminSeesNoneOfAcmesProfiles() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("globex-admin", "globex-admin-pass");

        browser.get("/profiles");
        assertThat(browser.text("main")).doesNotContain("desk");
        browser.get("/profiles/desk");
        assertThat(browser.text("#problem")).contains("No profile desk in your tenant.");
        browser.get("/profiles/desk/pins");
        assertThat(browser.text("#problem")).contains("No profile desk in your tenant.");
        browser.get("/profiles/desk/diff?from=" + first + "&to=" + second);
        assertThat(browser.findAll("#diff-parameters")).isEmpty();
        assertThat(browser.text("#problem")).contains("No such releases");
        browser.get("/device-auth");
        assertThat(browser.text("#algorithms")).as("globex's own setting, the default").isEqualTo("SHA-256");
    }

    @Test
    @Order(4)
    void acmesAdminRollsOutAReleaseStartsPausesResumesAndCancelsIt() {
        assertThat(second).as("the administrator's test made the profile and its releases").isNotNull();
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");

        // a release for rollouts only, then the rollout form from the profile's page, the new release chosen
        browser.get("/profiles/desk");
        browser.find("#audience-rollout").click();
        browser.clickAndWait("#publish", "#notice");
        browser.clickAndWait("#rollout-link", "#rollout-form");
        String third = new Select(browser.find("#uvc")).getFirstSelectedOption().getAttribute("value");
        assertThat(third).isNotEqualTo(second);
        browser.find("#groupCount").clear();
        browser.find("#groupCount").sendKeys("0");
        browser.clickAndWait("#plan", "#groupCount-error");
        assertThat(browser.find("#groupCount").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot(docs, "rollout-new", "h1");
        browser.find("#groupCount").clear();
        browser.find("#groupCount").sendKeys("2");
        browser.clickAndWait("#plan", "#notice");
        assertThat(browser.text("#notice")).contains("Rollout planned.");
        assertThat(browser.text("#status")).startsWith("ready to start");

        // started: the phone of the profile is offered the release; its progress polls while it runs
        browser.clickAndWait("#command-start", "#notice");
        assertThat(browser.text("#status")).startsWith("running");
        assertThat(browser.text("#total-offered")).isEqualTo("1");
        assertThat(browser.find("#progress").getAttribute("hx-trigger")).isEqualTo("every 5s");
        browser.screenshot(docs, "rollout", "#commands");

        // paused by hand, the reason worded; resumed; the emergency stop asks first, and is left; cancelled
        browser.clickAndWait("#command-pause", "#pause-reasons");
        assertThat(browser.text("#pause-reasons")).contains("Paused by hand.");
        browser.clickAndWait("#command-resume", "#notice");
        assertThat(browser.text("#status")).startsWith("running");
        browser.clickAndWait("#stop", "#confirm-stop");
        assertThat(browser.text("#stop-consequences")).contains("given back its previous version");
        browser.screenshot(docs, "rollout-stop");
        browser.clickAndWait("#keep", "#progress");
        browser.clickAndWait("#command-cancel", "#notice");
        assertThat(browser.text("#status")).startsWith("cancelled");
        assertThat(browser.find("#progress").getAttribute("hx-trigger")).as("an ended rollout is not polled")
                .isNull();
        assertThat(browser.findAll("#commands")).isEmpty();

        browser.get("/rollouts");
        assertThat(browser.text("#rollouts tbody tr")).contains("release " + third + " of profile desk")
                .contains("cancelled").contains("acme-admin");
        browser.screenshot(docs, "rollouts");
    }

    private void row(int index, String name, String value) {
        browser.find("#p" + index + "-name").sendKeys(name);
        browser.find("#p" + index + "-value").sendKeys(value);
    }

    private static RequestSpecification api(String service, String token) {
        return RestAssured.given().baseUri(platform.serviceUrl(service)).auth().oauth2(token)
                .contentType(ContentType.JSON);
    }
}
