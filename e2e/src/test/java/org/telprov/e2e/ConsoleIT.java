package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.telprov.platform.Platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console in a real browser: Debian's headless Chromium logs in on the real Keycloak page as the local realm's
 * people and uses the console's pages against the packaged services. One platform for the class;
 * each person gets a browser of their own. The screenshots in docs/console/ are taken here.
 */
class ConsoleIT {

    /** acme's device, registered through the API before the browsers start. */
    private static final String ACME_DEVICE = "000b82aa0001";
    /** globex's, the same way: the operator narrows the lists to one tenant and finds only that one's. */
    private static final String GLOBEX_DEVICE = "000b82bb0001";

    private static Platform platform;
    private static Path docs;
    private ConsoleBrowser browser;

    @BeforeAll
    static void startPlatform() {
        ConsoleBrowser.requireChromium();
        platform = E2ePlatform.start(E2ePlatform.options("-console",
                List.of("inventory", "redirect", "provisioning", "firmware", "console")).build());
        docs = Path.of(System.getProperty("telprov.repo.root")).resolve("docs/console");
        Keycloak keycloak = new Keycloak(platform.tokenUrl());
        String operator = keycloak.token("telprov-operator", "operator-secret");
        for (String tenant : List.of("acme", "globex")) {
            api(operator).body(Map.of("id", tenant, "name", tenant + " Telecom",
                            "provisioningUrlTemplate", "https://prov." + tenant + ".example/<MACADR>/"))
                    .post("/api/v1/tenants").then().statusCode(201);
        }
        String acme = keycloak.token("partner-acme", "acme-secret");
        api(acme).body(Map.of("mac", ACME_DEVICE, "vendor", "plug-n-dial", "model", "generic",
                        "labels", List.of("lab")))
                .post("/api/v1/devices").then().statusCode(201);
        api(keycloak.token("partner-globex", "globex-secret"))
                .body(Map.of("mac", GLOBEX_DEVICE, "vendor", "plug-n-dial", "model", "generic"))
                .post("/api/v1/devices").then().statusCode(201);
        RestAssured.given().baseUri(platform.serviceUrl("provisioning")).auth().oauth2(acme)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "office", "parameters", List.of(
                        Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                        Map.of("name", "SIP.Account.0.AuthPassword", "value", "s3cret", "secret", true))))
                .post("/api/v1/profiles").then().statusCode(201);
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
    void acmesAdminRegistersADeviceImportsACsvAndReadsTheDevicesHistory() throws Exception {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-admin", "acme-admin-pass");
        assertThat(browser.text("#viewer-tenant")).isEqualTo("acme");
        assertThat(browser.text("#viewer-role")).isEqualTo("administrator");
        assertThat(browser.text("#count-devices")).isEqualTo("1");
        browser.screenshot(docs, "dashboard");

        // the API's problem+json names the field; the console puts its message next to that control
        browser.get("/devices/new");
        browser.find("#mac").sendKeys("90:1b:0e:zz:00:02");
        browser.find("#vendor").sendKeys("gigaset-maxwell");
        browser.find("#model").sendKeys("mx3b");
        browser.clickAndWait("form.form button[type=submit]", "#mac-error");
        assertThat(browser.text("#mac-error")).startsWith("Error:");
        assertThat(browser.find("#mac").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#mac").getAttribute("aria-describedby")).contains("mac-error");
        assertThat(browser.find("#model").getAttribute("value")).as("the form keeps what was typed").isEqualTo("mx3b");
        browser.screenshot(docs, "register-error");

        browser.find("#mac").clear();
        browser.find("#mac").sendKeys("90:1b:0e:aa:00:02");
        browser.find("#labels").sendKeys("floor-2, pilot");
        browser.clickAndWait("form.form button[type=submit]", "#device-mac");
        assertThat(browser.currentPath()).isEqualTo("/devices/901b0eaa0002");
        assertThat(browser.text("#device-mac")).isEqualTo("90:1b:0e:aa:00:02");

        // one bad row among good ones: the good ones are imported, the bad one is reported in a table
        Path csv = Files.createTempFile("console-import", ".csv");
        Files.writeString(csv, """
                mac,vendor,model,serial,profile,labels
                901b0eaa0010,gigaset-maxwell,mx3b,,,floor-3
                not-a-mac,gigaset-maxwell,mx3b,,,
                901b0eaa0011,gigaset-maxwell,mx3b,,,floor-3
                """);
        browser.get("/devices/import");
        browser.find("#file").sendKeys(csv.toString());
        browser.find("form.form button[type=submit]").click();
        browser.await("#rejections");
        browser.checkPage();
        assertThat(browser.text("#report-claimed")).isEqualTo("2");
        assertThat(browser.text("#report-rejected")).isEqualTo("1");
        List<WebElement> rejected = browser.findAll("#rejections tbody tr");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getText()).contains("not-a-mac").contains("invalid_mac");
        browser.screenshot(docs, "import-report");
        Files.delete(csv);

        // the phone asks the redirect service for its provisioning URL: a check-in the device's page lists
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                RestAssured.given().baseUri(platform.serviceUrl("redirect")).redirects().follow(false)
                        .header("User-Agent", "console-it-phone/1.0")
                        .get("/device/901b0eaa0002").then().statusCode(302));

        // the list's search narrows as one types (htmx), and leads to the device's page
        browser.get("/devices");
        assertThat(browser.text("#result-count")).startsWith("4 devices");
        browser.find("#macPrefix").sendKeys("90:1b:0e:aa:00:1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text("#result-count")).startsWith("2 devices"));
        browser.checkPage();
        assertThat(browser.currentUrl()).as("the search is in the address, to share or reload").contains("macPrefix=");
        browser.screenshot(docs, "devices");
        browser.find("#macPrefix").clear();
        browser.find("#macPrefix").sendKeys("901b0eaa0002");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text("#result-count")).startsWith("1 device;"));
        browser.clickAndWait("#results a.mac", "#device-mac");
        assertThat(browser.text("#audit")).contains("claim").contains("acme-admin");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.get("/devices/901b0eaa0002");
            assertThat(browser.findAll("#checkins tbody tr")).hasSize(1);
        });
        assertThat(browser.text("#checkins")).contains("redirect").contains("console-it-phone/1.0");
        browser.screenshot(docs, "device-detail", "#device-mac");
        assertThat(browser.consoleErrors()).isEmpty();

        // moved to a profile, and released after ticking the confirmation: both in the audit log
        browser.find("#profile").sendKeys("office");
        browser.clickAndWait("#move", "#notice");
        assertThat(browser.text("#notice")).contains("Device moved to profile office.");
        browser.get("/devices/901b0eaa0011");
        browser.clickAndWait("#release", "#problem");
        assertThat(browser.text("#problem")).contains("Tick the box to confirm the release.");
        browser.find("#confirm").click();
        browser.clickAndWait("#release", "#notice");
        assertThat(browser.text("#notice")).contains("Device 901b0eaa0011 released");
        assertThat(browser.text("#result-count")).startsWith("3 devices");
        browser.get("/audit");
        assertThat(browser.text("#audit-log")).contains("move").contains("release").contains("acme-admin");
        browser.screenshot(docs, "audit-log");

        // the profile's secret parameter is never shown; publishing it makes its first release
        browser.get("/profiles");
        browser.clickAndWait("a[href='/profiles/office']", "#profile-name");
        assertThat(browser.text("#parameters")).contains("1012").contains("secret, not shown").doesNotContain("s3cret");
        assertThat(browser.text("#no-releases")).contains("Not published yet");
        browser.clickAndWait("#publish", "#notice");
        assertThat(browser.text("#notice")).startsWith("Done: Published release ");
        assertThat(browser.findAll("#releases tbody tr")).hasSize(1);
        assertThat(browser.text("#releases")).contains("all devices").contains("acme-admin");
        // staged to a label, then the first release's content again
        browser.find("#audience-label").click();
        browser.find("#label").sendKeys("lab");
        browser.clickAndWait("#publish", "#notice");
        assertThat(browser.findAll("#releases tbody tr")).hasSize(2);
        assertThat(browser.text("#releases")).contains("devices labelled lab");
        browser.clickAndWait("#releases tbody tr:last-child button", "#notice");
        assertThat(browser.findAll("#releases tbody tr")).hasSize(3);
        assertThat(browser.text("#releases tbody tr:first-child")).contains("(rolled back)").contains("all devices");
        browser.screenshot(docs, "profile", "#parameters-title");

        // logging out ends the Keycloak session too: the console asks for a password again
        browser.clickAndWait("#logout", "#logged-out");
        browser.clickAndWait("#login-again", "#username");
    }

    @Test
    void globexsAdminFindsNoneOfAcmesDevices() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("globex-admin", "globex-admin-pass");
        assertThat(browser.text("#viewer-tenant")).isEqualTo("globex");
        assertThat(browser.text("#count-devices")).isEqualTo("1");

        browser.get("/devices");
        assertThat(browser.text("#result-count")).startsWith("1 device;");
        assertThat(browser.text("#results")).contains("00:0b:82:bb:00:01").doesNotContain("00:0b:82:aa");
        browser.get("/devices?macPrefix=000b82aa");
        assertThat(browser.findAll("#results a.mac")).isEmpty();
        browser.get("/devices/" + ACME_DEVICE);
        assertThat(browser.text("#problem")).contains("No device " + ACME_DEVICE);
        assertThat(browser.findAll("#device-mac")).isEmpty();
        browser.get("/audit");
        assertThat(browser.text("#audit-count")).startsWith("1 change,");
        assertThat(browser.text("#audit-log")).contains(GLOBEX_DEVICE).doesNotContain(ACME_DEVICE);
        browser.get("/profiles");
        assertThat(browser.text("#profile-count")).startsWith("0 profiles");
        browser.get("/profiles/office");
        assertThat(browser.text("#problem")).contains("No profile office");
    }

    @Test
    void theOperatorSeesEveryTenantsDevicesAndChangesNarrowsThemToATenantReadsThePlatformsHealthAndManagesTheTenants() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("operator", "operator-pass");
        assertThat(browser.text("#viewer-tenant")).isEqualTo("all tenants");
        assertThat(browser.text("#viewer-role")).isEqualTo("operator");

        browser.get("/devices/" + ACME_DEVICE);
        assertThat(browser.text("#device-mac")).isEqualTo("00:0b:82:aa:00:01");
        // the API lets the operator release any tenant's device and nothing else of it: so does the page
        assertThat(browser.findAll("#release")).hasSize(1);
        assertThat(browser.findAll("#move, #profile")).isEmpty();
        browser.get("/audit");
        assertThat(browser.text("#audit-log")).contains(ACME_DEVICE).contains(GLOBEX_DEVICE);

        // every tenant's devices, then acme's only (the search narrows as the tenant is chosen)
        browser.get("/devices?macPrefix=000b82");
        assertThat(browser.text("#results")).contains("00:0b:82:aa:00:01").contains("00:0b:82:bb:00:01");
        new Select(browser.find("#tenant")).selectByValue("acme");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text("#results")).doesNotContain("00:0b:82:bb:00:01"));
        browser.checkPage();
        assertThat(browser.text("#results")).contains("00:0b:82:aa:00:01");
        assertThat(browser.currentUrl()).contains("tenant=acme");
        // the audit log the same way
        browser.get("/audit");
        new Select(browser.find("#tenant")).selectByValue("acme");
        browser.clickAndWait("#narrow", "#audit-log");
        assertThat(browser.text("#audit-log")).contains(ACME_DEVICE).doesNotContain(GLOBEX_DEVICE);
        assertThat(browser.currentUrl()).contains("tenant=acme");

        // the platform's health: every service the platform started answers ready
        browser.get("/health");
        assertThat(browser.text("#health-summary")).startsWith("Every service is ready.");
        for (String service : List.of("inventory", "redirect", "provisioning", "firmware")) {
            assertThat(browser.text("#health-" + service)).as(service).contains(service + " ready");
        }
        browser.screenshot(docs, "health");

        // a tenant: refused with a template that is no URL, created, suspended and resumed
        browser.get("/tenants");
        assertThat(browser.text("#tenants")).contains("acme").contains("globex");
        browser.find("#id").sendKeys("initech");
        browser.find("#name").sendKeys("Initech");
        browser.find("#provisioningUrlTemplate").sendKeys("prov.initech.example");
        browser.clickAndWait("#create", "#template-error");
        assertThat(browser.find("#id").getAttribute("value")).isEqualTo("initech");
        browser.find("#provisioningUrlTemplate").clear();
        browser.find("#provisioningUrlTemplate").sendKeys("https://prov.initech.example/{mac}/");
        browser.clickAndWait("#create", "#notice");
        assertThat(browser.text("#notice")).contains("Tenant initech created.");
        browser.screenshot(docs, "tenants");
        browser.clickAndWait("a[href='/tenants/initech']", "#tenant-id");
        browser.clickAndWait("#suspend", "#resume");
        assertThat(browser.text("#tenant-status")).isEqualTo("suspended");
        browser.clickAndWait("#resume", "#suspend");
        assertThat(browser.text("#tenant-status")).isEqualTo("active");
        new Select(browser.find("#redirectAuth")).selectByValue("client-certificate");
        browser.clickAndWait("#save-redirect-auth", "#notice");
        assertThat(browser.text("#tenant-redirect-auth")).isEqualTo("client-certificate");
    }

    @Test
    void acmesReadOnlyUserFindsNoControlThatWritesAndTheApiRefusesAForgedOne() {
        browser = ConsoleBrowser.open(platform.serviceUrl("console"));
        browser.logIn("acme-viewer", "acme-viewer-pass");
        assertThat(browser.text("#viewer-role")).isEqualTo("read-only");

        for (String page : List.of("/", "/devices", "/devices/" + ACME_DEVICE, "/devices/new", "/devices/import",
                "/audit", "/tenants", "/profiles", "/profiles/office")) {
            browser.get(page);
            assertThat(browser.findAll("form[method=post], input[type=file]")).as("write controls on " + page)
                    .isEmpty();
            assertThat(browser.findAll("a[href='/devices/new'], a[href='/devices/import']"))
                    .as("links to write pages on " + page).isEmpty();
        }
        browser.get("/devices/" + ACME_DEVICE);
        assertThat(browser.text("#device-mac")).isEqualTo("00:0b:82:aa:00:01");
        browser.screenshot(docs, "read-only");

        // a form the page does not offer, posted anyway with the page's CSRF token: the console passes it on and the
        // API refuses the person's token
        browser.get("/devices/new");
        browser.driver().executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/devices/new';
                const token = document.querySelector('meta[name="csrf-token"]').content;
                const fields = [['mac', '901b0eaa0099'], ['vendor', 'plug-n-dial'], ['model', 'generic'],
                  ['csrf-token', token]];
                for (const [name, value] of fields) {
                  const input = document.createElement('input');
                  input.name = name;
                  input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
                """);
        assertThat(browser.text("#problem")).contains("Not allowed");
        browser.checkPage();
        RestAssured.given().baseUri(platform.serviceUrl("inventory"))
                .auth().oauth2(new Keycloak(platform.tokenUrl()).token("partner-acme", "acme-secret"))
                .get("/api/v1/devices/901b0eaa0099").then().statusCode(404);
    }

    private static io.restassured.specification.RequestSpecification api(String token) {
        return RestAssured.given().baseUri(platform.serviceUrl("inventory")).auth().oauth2(token)
                .contentType(ContentType.JSON);
    }
}
