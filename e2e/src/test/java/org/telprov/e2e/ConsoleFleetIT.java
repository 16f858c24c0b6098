package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.report.Report;
import org.telprov.platform.Platform;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The console's fleet and firmware pages in a real browser, against the packaged services (the firmware service too)
 * and phones booted by the phone simulator: the dashboard's firmware versions and release adoption, the never-seen
 * filter, uploading firmware with its progress and checksum, moving a channel; a read-only user without those
 * controls, and another tenant that sees none of it. Screenshots for docs/console.md are taken here.
 */
class ConsoleFleetIT {

    /** Two Plug-n-Dial phones that boot (firmware 1.4.2 from their profile's channel), and one that never does. */
    private static final String BOOTED_1 = "000b82f10001";
    private static final String BOOTED_2 = "000b82f10002";
    private static final String NEVER_BOOTED = "000b82f10003";
    private static final String FIRMWARE_VERSION = "1.4.2";

    private static Platform platform;
    private static Path docs;
    private static String acmeArtifact;
    private static String firstRelease;
    private static String currentRelease;
    private ConsoleBrowser browser;

    @TempDir
    static Path phones;

    @BeforeAll
    static void startPlatformAndBootPhones() {
        ConsoleBrowser.requireChromium();
        platform = E2ePlatform.start(E2ePlatform.options("-console-fleet",
                List.of("inventory", "redirect", "provisioning", "firmware", "console")).build());
        docs = Path.of(System.getProperty("telprov.repo.root")).resolve("docs/console");
        Keycloak keycloak = new Keycloak(platform.tokenUrl());
        String operator = keycloak.token("telprov-operator", "operator-secret");
        String template = platform.serviceUrl("provisioning") + "/prov/{mac}/";
        for (String tenant : List.of("acme", "globex")) {
            api("inventory", operator).body(Map.of("id", tenant, "name", tenant + " Telecom",
                    "provisioningUrlTemplate", template)).post("/api/v1/tenants").then().statusCode(201);
        }
        String acme = keycloak.token("partner-acme", "acme-secret");
        String globex = keycloak.token("partner-globex", "globex-secret");
        // provisioning and firmware learn of new tenants from inventory's events, and refuse their tokens until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            api("provisioning", acme).get("/api/v1/profiles").then().statusCode(200);
            api("firmware", acme).get("/api/v1/firmware/artifacts").then().statusCode(200);
            api("firmware", globex).get("/api/v1/firmware/artifacts").then().statusCode(200);
        });

        byte[] image = new byte[64 * 1024];
        new Random(7).nextBytes(image);
        acmeArtifact = api("firmware", acme).contentType("application/octet-stream").body(image)
                .queryParam("vendor", "leadtek").queryParam("product", "bva8051")
                .queryParam("version", FIRMWARE_VERSION)
                .post("/api/v1/firmware/artifacts").then().statusCode(201).extract().path("id");
        api("provisioning", acme).body(Map.of("name", "pnd", "dialect", "plug-n-dial",
                "parameters", List.of(Map.of("name", "SIP_User", "value", "1013"),
                        Map.of("name", "System.Security.HTTPAuthUsername", "value", "acme-pnd"),
                        Map.of("name", "System.Security.HTTPAuthPassword", "value", "digest-pass", "secret", true)),
                "firmware", Map.of("vendor", "leadtek", "product", "bva8051", "channel", "latest")))
                .post("/api/v1/profiles").then().statusCode(201);
        firstRelease = publish(acme);
        for (String mac : List.of(BOOTED_1, BOOTED_2, NEVER_BOOTED)) {
            api("inventory", acme).body(Map.of("vendor", "leadtek", "model", "BVA8051", "profile", "pnd"))
                    .put("/api/v1/devices/" + mac).then().statusCode(201);
        }
        for (String mac : List.of(BOOTED_1, BOOTED_2)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    RestAssured.given().redirects().follow(false).get(platform.serviceUrl("redirect") + "/device/" + mac)
                            .then().statusCode(302));
        }
        // both boot the first release; then a second one is published and only the first phone boots again
        boot(BOOTED_1);
        boot(BOOTED_2);
        currentRelease = publish(acme);
        boot(BOOTED_1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            api("inventory", acme).get("/api/v1/devices/" + BOOTED_1).then().statusCode(200)
                    .body("checkin.lastUvc", equalTo(currentRelease))
                    .body("checkin.lastFirmware", equalTo(FIRMWARE_VERSION));
            api("inventory", acme).get("/api/v1/devices/" + BOOTED_2).then().statusCode(200)
                    .body("checkin.lastUvc", equalTo(firstRelease))
                    .body("checkin.lastFirmware", equalTo(FIRMWARE_VERSION));
        });
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
    void theDashboardChartsTheFirmwareVersionsAndEachProfilesReleaseAdoption() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");

        assertThat(browser.text("#count-devices")).isEqualTo("3");
        assertThat(browser.text("#count-never")).isEqualTo("1");
        List<String> versions = rows("#firmware-chart");
        assertThat(versions).containsExactly("BVA8051 1.4.2 2 67 %", "BVA8051 not reported 1 33 %");
        List<String> adoption = rows("#adoption-pnd");
        // one device each, so by UVC: the older release first
        assertThat(adoption).containsExactly(firstRelease + " 1 33 %", currentRelease + " (current) 1 33 %",
                "none fetched yet 1 33 %");
        // the bars are drawn to scale: the version two devices run has twice the other's
        assertThat(bar("#firmware-chart tbody tr:nth-child(1)"))
                .isEqualTo(2 * bar("#firmware-chart tbody tr:nth-child(2)"));
        browser.screenshot(docs, "dashboard-fleet", "#firmware-title");
    }

    @Test
    void theNeverSeenFilterListsTheDeviceThatNeverBooted() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");

        browser.get("/devices");
        assertThat(browser.text("#result-count")).startsWith("3 devices");
        new Select(browser.find("#seen")).selectByVisibleText("never");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text("#result-count")).startsWith("1 device;"));
        browser.checkPage();
        assertThat(browser.findAll("#results a.mac")).extracting(WebElement::getText)
                .containsExactly("00:0b:82:f1:00:03");
        assertThat(browser.currentUrl()).contains("seen=never");
        browser.screenshot(docs, "devices-never-seen");

        // the dashboard's never-seen count leads to the same list
        browser.get("/");
        browser.clickAndWait("#count-never a", "#result-count");
        assertThat(browser.text("#result-count")).startsWith("1 device;");
    }

    @Test
    void acmesAdminUploadsAnImageSeesItsProgressAndChecksumAndMovesAChannel() throws Exception {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");
        Path image = Files.createTempFile("console-firmware", ".bin");
        byte[] bytes = new byte[8 * 1024 * 1024];
        new Random(11).nextBytes(bytes);
        Files.write(image, bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        browser.get("/firmware");
        assertThat(browser.text("#upload-scope")).contains("firmware of tenant acme");
        assertThat(browser.text("#artifacts")).contains("bva8051").contains(FIRMWARE_VERSION);
        browser.find("#vendor").sendKeys("gigaset-maxwell");
        browser.find("#product").sendKeys("mx3b");
        browser.find("#version").sendKeys("3.0.0");
        browser.find("#releaseNotes").sendKeys("from the browser");
        browser.find("#image").sendKeys(image.toString());
        // what the page's progress bar showed while the image went up, read after each progress event
        browser.driver().executeScript("""
                window.progressSeen = [];
                const send = XMLHttpRequest.prototype.send;
                XMLHttpRequest.prototype.send = function (body) {
                  this.upload.addEventListener('progress', () =>
                    window.progressSeen.push(document.getElementById('firmware-progress-bar').value));
                  return send.call(this, body);
                };
                """);
        browser.find("#upload").click();
        browser.await("#uploaded");
        browser.checkPage();
        assertThat(browser.text("#uploaded-sha256")).isEqualTo(sha256);
        List<?> progress = (List<?>) browser.driver().executeScript("return window.progressSeen");
        assertThat(progress).as("the bar's values during the upload").isNotEmpty();
        assertThat(((Number) progress.get(progress.size() - 1)).intValue()).isEqualTo(100);
        assertThat(browser.text("#artifacts")).contains("mx3b").contains("3.0.0").contains(sha256);
        browser.screenshot(docs, "firmware", "#upload-result");
        Files.delete(image);

        // the same version again: the firmware API refuses it, and the page says so
        browser.get("/firmware");
        browser.find("#vendor").sendKeys("gigaset-maxwell");
        browser.find("#product").sendKeys("mx3b");
        browser.find("#version").sendKeys("3.0.0");
        Path again = Files.createTempFile("console-firmware", ".bin");
        Files.write(again, new byte[1024]);
        browser.find("#image").sendKeys(again.toString());
        browser.find("#upload").click();
        browser.await("#upload-problem");
        browser.checkPage();
        assertThat(browser.text("#upload-problem")).startsWith("Error:").contains("3.0.0");
        Files.delete(again);

        browser.clickAndWait("#artifacts tbody tr:first-child a", "#artifact-version");
        assertThat(browser.text("#artifact-version")).isEqualTo("3.0.0");
        assertThat(browser.text("#artifact-sha256")).isEqualTo(sha256);
        assertThat(browser.text("#channels")).contains("latest").contains("(this artifact)");
        browser.find("#channel").sendKeys("stable");
        browser.clickAndWait("#move-channel", "#notice");
        assertThat(browser.text("#notice")).contains("Channel stable now points at this artifact.");
        assertThat(browser.text("#channels")).contains("stable");
        browser.screenshot(docs, "firmware-artifact");
    }

    @Test
    void acmesReadOnlyUserHasNoUploadAndNoChannelControl() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-viewer", "acme-viewer-pass");

        for (String page : List.of("/", "/devices?seen=never", "/firmware", "/firmware/" + acmeArtifact)) {
            browser.get(page);
            assertThat(browser.findAll("form[method=post], input[type=file], #upload, #move-channel"))
                    .as("write controls on " + page).isEmpty();
        }
        assertThat(browser.text("#artifact-sha256")).hasSize(64);
    }

    @Test
    void globexSeesNoneOfAcmesFirmware() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("globex-admin", "globex-admin-pass");

        browser.get("/firmware");
        assertThat(browser.text("#artifact-count")).startsWith("0 artifacts");
        assertThat(browser.text("#artifacts")).doesNotContain("bva8051").doesNotContain("mx3b");
        browser.get("/firmware/" + acmeArtifact);
        assertThat(browser.text("#problem")).contains("No firmware artifact " + acmeArtifact);
        assertThat(browser.findAll("#artifact-sha256")).isEmpty();
        browser.get("/");
        assertThat(browser.text("#no-firmware")).contains("No device");
    }

    /** A chart's rows as their cells' text, the bar cell left out. */
    private List<String> rows(String table) {
        return browser.findAll(table + " tbody tr").stream()
                .map(row -> row.findElements(org.openqa.selenium.By.tagName("td")).stream()
                        .map(WebElement::getText).filter(text -> !text.isBlank())
                        .reduce((a, b) -> a + " " + b).orElse(""))
                .toList();
    }

    private int bar(String row) {
        return Integer.parseInt(browser.find(row + " svg rect").getAttribute("width"));
    }

    private static void boot(String mac) {
        Report report = PhoneSimulator.run(Family.PLUG_N_DIAL, PhoneOptions.builder().mac(mac)
                .redirect(URI.create(platform.serviceUrl("redirect"))).stateDir(phones).timeout(Duration.ofSeconds(20))
                .oem("leadtek").model("BVA8051").auth(new Credentials("acme-pnd", "digest-pass")).build());
        assertThat(report.ok()).as(report.text()).isTrue();
    }

    private static String publish(String acme) {
        return api("provisioning", acme).post("/api/v1/profiles/pnd/releases").then().statusCode(201)
                .extract().path("uvc");
    }

    private static RequestSpecification api(String service, String token) {
        return RestAssured.given().baseUri(platform.serviceUrl(service)).auth().oauth2(token)
                .contentType(ContentType.JSON);
    }
}
