package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.Mac;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.platform.Platform;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every phone its own SIP account (issue 21) over the real platform: 50 phones of two dialects (25 Maxwell 1.0, 25
 * Plug-n-Dial) registered through inventory, two profiles whose parameters refer to the devices' settings, one CSV
 * with each phone's account imported into provisioning, a publish, and every phone booted by the simulator through the
 * redirect service with HTTP Digest on (the tenant's default). Then one phone of each dialect changes and all 50 boot
 * again: exactly those two download (Maxwell 1.0 by a new nvm UVC, Plug-n-Dial by another {@code .md5}) and get the
 * new values; the other 48 find their settings current. The other two dialects the same on two phones each (Maxwell
 * 1.1 by its {@code SettingsVersion}, Auerswald by the settings file's ETag), and another tenant kept out.
 */
class DeviceSettingsIT {

    private static final int PER_DIALECT = 25;
    private static final Mac MAXWELL_FIRST = Mac.parse("7c2f80b00000");
    private static final Mac PND_FIRST = Mac.parse("000b82b00000");
    private static final List<String> MAXWELL_11 = List.of("7c2f80b10000", "7c2f80b10001");
    private static final List<String> AUERSWALD = List.of("000952b10000", "000952b10001");
    private static final String DIGEST_USER = "acme-phone";
    private static final String DIGEST_PASSWORD = "digest-pass-21";

    private static Platform platform;
    private static Keycloak keycloak;
    private static final List<Phone> phones = new ArrayList<>();
    private static final MemoryStateStore memory = new MemoryStateStore();
    private static ExecutorService httpThreads;
    private static PhoneSimulator simulator;

    /** A phone of the fleet: its family and the account the CSV gives it. */
    private record Phone(Family family, String mac, String user, String password, String displayName) {
    }

    @BeforeAll
    static void startPlatformAndRegisterThePhones() {
        platform = E2ePlatform.start(E2ePlatform.options("-settings", List.of("inventory", "redirect", "provisioning"))
                .build());
        keycloak = new Keycloak(platform.tokenUrl());
        String template = platform.serviceUrl("provisioning") + "/prov/{mac}/";
        RequestSpecification operator = inventory(keycloak.token("telprov-operator", "operator-secret"));
        for (String tenant : List.of("acme", "globex")) {
            operator.body(Map.of("id", tenant, "name", tenant, "provisioningUrlTemplate", template))
                    .post("/api/v1/tenants").then().statusCode(201);
        }
        // provisioning learns of new tenants from inventory's events, and refuses their tokens until then
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                provisioning(acme()).get("/api/v1/profiles").then().statusCode(200));
        // acme keeps device authentication at its default (Digest, SHA-256): the settings files need it
        provisioning(acme()).get("/api/v1/device-auth").then().statusCode(200).body("mode", equalTo("digest"));

        for (int i = 0; i < PER_DIALECT; i++) {
            // every fifth phone has no display name of its own: the template's default applies
            String display = i % 5 == 0 ? "" : "Desk " + (100 + i);
            phones.add(new Phone(Family.MAXWELL_1_0, new Mac(MAXWELL_FIRST.value() + i).lower(), "m" + (1000 + i),
                    "m-secret-" + i + "-<&'>", display));
            phones.add(new Phone(Family.PLUG_N_DIAL, new Mac(PND_FIRST.value() + i).lower(), "p" + (2000 + i),
                    "p-secret-" + i, display));
        }
        StringBuilder csv = new StringBuilder("mac,vendor,model,serial,profile\n");
        for (Phone phone : phones) {
            boolean maxwell = phone.family() == Family.MAXWELL_1_0;
            csv.append(phone.mac()).append(maxwell ? ",gigaset-maxwell,mx3b," : ",leadtek,BVA8051,")
                    .append("SN-").append(phone.mac()).append(maxwell ? ",desk-10\n" : ",desk-pnd\n");
        }
        MAXWELL_11.forEach(mac -> csv.append(mac).append(",gigaset-maxwell,mx3b,SN-").append(mac).append(",desk-11\n"));
        AUERSWALD.forEach(mac -> csv.append(mac).append(",auerswald,D200,SN-").append(mac).append(",desk-auerswald\n"));
        inventory(acme()).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(phones.size() + 4));

        // provisioning's settings API knows a device once provisioning has learnt it from inventory's events, the
        // redirect service answers it once it has
        List<String> macs = new ArrayList<>(phones.stream().map(Phone::mac).toList());
        macs.addAll(MAXWELL_11);
        macs.addAll(AUERSWALD);
        for (String mac : macs) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                provisioning(acme()).get("/api/v1/settings/devices/" + mac).then().statusCode(200);
                RestAssured.given().redirects().follow(false)
                        .get(platform.serviceUrl("redirect") + "/device/" + mac).then().statusCode(302);
            });
        }
        httpThreads = PhoneSimulator.httpExecutor(2);
        simulator = new PhoneSimulator(PhoneSimulator.httpClient(httpThreads, Duration.ofSeconds(10)), memory);
    }

    @AfterAll
    static void stopPlatform() {
        if (httpThreads != null) {
            httpThreads.shutdownNow();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void fiftyPhonesGetTheirOwnAccountsFromOneCsvAndAChangeReachesOnlyThePhoneItWasMadeFor() {
        provisioning(acme()).body(Map.of("settings", Map.of("sip_domain", Map.of("value", "pbx.acme.example"))))
                .put("/api/v1/settings/tenant").then().statusCode(200);
        profile("desk-10", "maxwell-1.0", List.of(
                parameter("SIP.Account.0.AuthName", "{{setting.sip_user}}"),
                secret("SIP.Account.0.AuthPassword", "{{setting.sip_password}}"),
                parameter("SIP.Account.0.DisplayName", "{{setting.display_name|Acme desk}}"),
                parameter("SIP.Account.0.Domain", "{{setting.sip_domain}}"),
                parameter("SIP.Account.0.AccountName", "Desk {{device.mac}}"),
                parameter("System.Security.HTTPAuthUsername", DIGEST_USER),
                secret("System.Security.HTTPAuthPassword", DIGEST_PASSWORD)),
                Map.of("certificates", List.of(Map.of("name", "acme-ca", "data", caPem()))));
        profile("desk-pnd", "plug-n-dial", List.of(
                parameter("SIP_User", "{{setting.sip_user}}"),
                secret("SIP_Password", "{{setting.sip_password}}"),
                parameter("SIP_DisplayName", "{{setting.display_name|Acme desk}}"),
                parameter("SIP_Proxy", "{{setting.sip_domain}}"),
                parameter("System.Security.HTTPAuthUsername", DIGEST_USER),
                secret("System.Security.HTTPAuthPassword", DIGEST_PASSWORD)));

        // Before the CSV no device has an account: the publish is refused, naming the devices and what they miss.
        provisioning(acme()).get("/api/v1/profiles/desk-10/releases/check").then().statusCode(200)
                .body("devices", equalTo(PER_DIALECT)).body("unresolved.total", equalTo(PER_DIALECT));
        Response refused = provisioning(acme()).post("/api/v1/profiles/desk-10/releases");
        refused.then().statusCode(422)
                .body("code", equalTo("unresolved_settings")).body("total", equalTo(PER_DIALECT));
        assertThat(refused.jsonPath().getList("devices[0].missing", String.class))
                .containsExactlyInAnyOrder("sip_user", "sip_password");

        // One CSV with every phone's account; the password column is secret. A re-run changes nothing.
        String csv = accountsCsv();
        importSettings(csv).then().statusCode(200).body("rows", equalTo(phones.size()))
                .body("changed", equalTo(phones.size())).body("unchanged", equalTo(0))
                .body("rejected.size()", equalTo(0));
        importSettings(csv).then().statusCode(200).body("changed", equalTo(0))
                .body("unchanged", equalTo(phones.size()));
        Phone someone = phones.get(2);
        provisioning(acme()).get("/api/v1/settings/devices/" + someone.mac()).then().statusCode(200)
                .body("mac", equalTo(someone.mac()))
                .body("settings.sip_user.value", equalTo(someone.user()))
                .body("settings.sip_password.secret", equalTo(true))
                .body("settings.sip_password", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("value")));

        String release10 = publish("desk-10");
        String releasePnd = publish("desk-pnd");
        List<Map<String, Object>> effective = provisioning(acme()).get("/api/v1/settings/devices/" + someone.mac()
                + "/effective").then().statusCode(200).extract().jsonPath().getList("settings");
        assertThat(layers(effective)).containsEntry("sip_user", "device").containsEntry("sip_password", "device")
                .containsEntry("sip_domain", "tenant");

        // First boot: every phone downloads its settings and holds its own account.
        Map<String, Report> first = bootAll();
        SoftAssertions.assertSoftly(soft -> {
            for (Phone phone : phones) {
                Report report = first.get(phone.mac());
                soft.assertThat(report.settings()).as(report.text()).isEqualTo(SettingsOutcome.DOWNLOADED);
                if (phone.family() == Family.MAXWELL_1_0) {
                    soft.assertThat(report.files("certificate")).as(report.text()).hasSize(1);
                }
                soft.assertThat(report.params()).as(phone.mac()).containsAllEntriesOf(expected(phone));
                if (phone.family() == Family.MAXWELL_1_0) {
                    soft.assertThat(report.uvc()).as(phone.mac()).isEqualTo(release10);
                }
            }
        });

        // One phone of each dialect changes: a new SIP password (a secret) and a display name of its own.
        Phone maxwell = phones.get(2 * 7);
        Phone pnd = phones.get(2 * 10 + 1);
        assertThat(pnd.displayName()).isEmpty();
        String rotated = "rotated-\"<secret>\"&";
        // as JSON text: the merge-patch media type is one RestAssured does not serialise objects for
        provisioning(acme()).contentType("application/merge-patch+json")
                .body("{\"settings\": {\"sip_password\": {\"value\": \"rotated-\\\"<secret>\\\"&\","
                        + " \"secret\": true}}}")
                .patch("/api/v1/settings/devices/" + maxwell.mac()).then().statusCode(200);
        provisioning(acme())
                .body(Map.of("settings", Map.of("display_name", Map.of("value", "Reception & Lobby"))))
                .patch("/api/v1/settings/devices/" + pnd.mac()).then().statusCode(200);
        String maxwellVersion = provisioning(acme()).get("/api/v1/settings/devices/" + maxwell.mac() + "/effective")
                .then().statusCode(200).extract().path("version");
        assertThat(maxwellVersion).isGreaterThan(release10);

        // Every phone boots again: exactly the two changed ones download, and get the new values.
        Map<String, Report> second = bootAll();
        Set<String> downloaded = second.values().stream().filter(Report::downloadedSettings).map(Report::mac)
                .map(mac -> Mac.parse(mac).lower()).collect(Collectors.toSet());
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(downloaded).containsExactlyInAnyOrder(maxwell.mac(), pnd.mac());
            soft.assertThat(second.values()).filteredOn(r -> !r.downloadedSettings())
                    .allSatisfy(r -> assertThat(r.settings()).as(r.text()).isEqualTo(SettingsOutcome.UNCHANGED));
            soft.assertThat(second.get(maxwell.mac()).params()).containsEntry("SIP.Account.0.AuthPassword", rotated)
                    .containsEntry("SIP.Account.0.AuthName", maxwell.user());
            soft.assertThat(second.get(maxwell.mac()).uvc()).isEqualTo(maxwellVersion);
            // the device's version is the nvm category's: its certificates (custom) are the release's, not fetched again
            soft.assertThat(second.get(maxwell.mac()).files("certificate")).as(second.get(maxwell.mac()).text())
                    .isEmpty();
            soft.assertThat(second.get(pnd.mac()).params()).containsEntry("SIP_DisplayName", "Reception & Lobby")
                    .containsEntry("SIP_Password", pnd.password());
            phones.stream().filter(p -> p.family() == Family.MAXWELL_1_0 && p != maxwell).forEach(phone ->
                    soft.assertThat(second.get(phone.mac()).uvc()).as(phone.mac()).isEqualTo(release10));
        });
        assertThat(releasePnd).isNotNull();
    }

    @Test
    void inMaxwell11AndAuerswaldTooAChangedSettingReachesItsPhoneAlone() {
        profile("desk-11", "maxwell-1.1", List.of(
                parameter("SIP.Account.0.AuthName", "{{setting.sip_user}}"),
                secret("SIP.Account.0.AuthPassword", "{{setting.sip_password}}"),
                parameter("System.Security.HTTPAuthUsername", DIGEST_USER),
                secret("System.Security.HTTPAuthPassword", DIGEST_PASSWORD)));
        profile("desk-auerswald", "auerswald", List.of(
                parameter("sip.account.user", "{{setting.sip_user}}"),
                secret("sip.account.password", "{{setting.sip_password}}"),
                parameter("System.Security.HTTPAuthUsername", DIGEST_USER),
                secret("System.Security.HTTPAuthPassword", DIGEST_PASSWORD)));
        List<String> macs = new ArrayList<>(MAXWELL_11);
        macs.addAll(AUERSWALD);
        for (String mac : macs) {
            provisioning(acme()).body(Map.of("settings", Map.of("sip_user", Map.of("value", "u-" + mac),
                            "sip_password", Map.of("value", "pw-" + mac, "secret", true))))
                    .put("/api/v1/settings/devices/" + mac).then().statusCode(200);
        }
        publish("desk-11");
        publish("desk-auerswald");

        Map<String, Report> first = boot(macs);
        SoftAssertions.assertSoftly(soft -> first.forEach((mac, report) -> {
            soft.assertThat(report.settings()).as(report.text()).isEqualTo(SettingsOutcome.DOWNLOADED);
            soft.assertThat(report.params()).as(mac)
                    .containsEntry(MAXWELL_11.contains(mac) ? "SIP.Account.0.AuthName" : "sip.account.user", "u-" + mac)
                    .containsEntry(MAXWELL_11.contains(mac) ? "SIP.Account.0.AuthPassword" : "sip.account.password",
                            "pw-" + mac);
        }));

        // one phone of each: its whole layer replaced, the password kept (a secret given without a value)
        for (String mac : List.of(MAXWELL_11.get(1), AUERSWALD.get(0))) {
            provisioning(acme()).body(Map.of("settings", Map.of("sip_user", Map.of("value", "new-" + mac),
                            "sip_password", Map.of("secret", true))))
                    .put("/api/v1/settings/devices/" + mac).then().statusCode(200);
        }
        Map<String, Report> second = boot(macs);
        SoftAssertions.assertSoftly(soft -> second.forEach((mac, report) -> {
            boolean changed = mac.equals(MAXWELL_11.get(1)) || mac.equals(AUERSWALD.get(0));
            soft.assertThat(report.settings()).as(report.text())
                    .isEqualTo(changed ? SettingsOutcome.DOWNLOADED : SettingsOutcome.UNCHANGED);
            soft.assertThat(report.params()).as(mac)
                    .containsEntry(MAXWELL_11.contains(mac) ? "SIP.Account.0.AuthName" : "sip.account.user",
                            (changed ? "new-" : "u-") + mac)
                    .containsEntry(MAXWELL_11.contains(mac) ? "SIP.Account.0.AuthPassword" : "sip.account.password",
                            "pw-" + mac);
        }));
    }

    @Test
    void anotherTenantCanNeitherReadNorSetNorImportTheseSettings() {
        Phone phone = phones.get(4);
        String globex = keycloak.token("partner-globex", "globex-secret");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                provisioning(globex).get("/api/v1/profiles").then().statusCode(200));

        provisioning(globex).get("/api/v1/settings/devices/" + phone.mac()).then().statusCode(404);
        provisioning(globex).get("/api/v1/settings/devices/" + phone.mac() + "/effective").then().statusCode(404);
        provisioning(globex).body(Map.of("settings", Map.of("sip_user", Map.of("value", "stolen"))))
                .patch("/api/v1/settings/devices/" + phone.mac()).then().statusCode(404);
        provisioning(globex).contentType("text/csv").body("mac,sip_user\n" + phone.mac() + ",stolen\n")
                .post("/api/v1/settings/devices/import").then().statusCode(200)
                .body("rows", equalTo(1)).body("changed", equalTo(0))
                .body("rejected[0].row", equalTo(1)).body("rejected[0].code", equalTo("not_found"));

        String user = provisioning(acme()).get("/api/v1/settings/devices/" + phone.mac()).then().statusCode(200)
                .extract().path("settings.sip_user.value");
        assertThat(user).isNotEqualTo("stolen");
    }

    /** Boots every phone of the fleet once; all must succeed. */
    private static Map<String, Report> bootAll() {
        Map<String, Report> reports = new LinkedHashMap<>();
        phones.forEach(phone -> reports.put(phone.mac(), boot(phone.family(), phone.mac())));
        return reports;
    }

    /** Boots the Maxwell 1.1 and Auerswald phones among the MACs once each; all must succeed. */
    private static Map<String, Report> boot(List<String> macs) {
        Map<String, Report> reports = new LinkedHashMap<>();
        macs.forEach(mac -> reports.put(mac, boot(MAXWELL_11.contains(mac) ? Family.MAXWELL_1_1 : Family.AUERSWALD,
                mac)));
        return reports;
    }

    /** One boot through the redirect service, remembering what the phone holds; it must succeed. */
    private static Report boot(Family family, String mac) {
        PhoneOptions.Builder options = PhoneOptions.builder().mac(mac)
                .redirect(URI.create(platform.serviceUrl("redirect"))).timeout(Duration.ofSeconds(20));
        if (family == Family.PLUG_N_DIAL || family == Family.AUERSWALD) {
            // these phones hold the tenant's Digest credentials from their setup (no file hands them out)
            options.auth(new Credentials(DIGEST_USER, DIGEST_PASSWORD));
        }
        if (family == Family.AUERSWALD) {
            options.type("D200");
        }
        Report report = simulator.boot(family, options.build());
        assertThat(report.ok()).as(report.text()).isTrue();
        return report;
    }

    /** The CSV of every phone's account: {@code mac,sip_user,sip_password:secret,display_name}. */
    private static String accountsCsv() {
        StringBuilder csv = new StringBuilder("mac,sip_user,sip_password:secret,display_name\n");
        for (Phone phone : phones) {
            csv.append(phone.mac()).append(',').append(phone.user()).append(',').append(phone.password())
                    .append(',').append(phone.displayName()).append('\n');
        }
        return csv.toString();
    }

    /** What a phone must hold after its boot, in its dialect's parameter names. */
    private static Map<String, String> expected(Phone phone) {
        String display = phone.displayName().isEmpty() ? "Acme desk" : phone.displayName();
        if (phone.family() == Family.MAXWELL_1_0) {
            return Map.of("SIP.Account.0.AuthName", phone.user(),
                    "SIP.Account.0.AuthPassword", phone.password(),
                    "SIP.Account.0.DisplayName", display,
                    "SIP.Account.0.Domain", "pbx.acme.example",
                    "SIP.Account.0.AccountName", "Desk " + phone.mac());
        }
        return Map.of("SIP_User", phone.user(), "SIP_Password", phone.password(), "SIP_DisplayName", display,
                "SIP_Proxy", "pbx.acme.example");
    }

    /** The layer each effective setting came from, by name. */
    private static Map<String, String> layers(List<Map<String, Object>> effective) {
        Map<String, String> layers = new LinkedHashMap<>();
        for (Map<String, Object> setting : effective) {
            layers.put((String) setting.get("name"), (String) setting.get("layer"));
        }
        return layers;
    }

    private static Response importSettings(String csv) {
        return provisioning(acme()).contentType("text/csv").body(csv).post("/api/v1/settings/devices/import");
    }

    private static void profile(String name, String dialect, List<Map<String, Object>> parameters) {
        profile(name, dialect, parameters, Map.of());
    }

    private static void profile(String name, String dialect, List<Map<String, Object>> parameters,
                                Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(more);
        body.put("name", name);
        body.put("dialect", dialect);
        body.put("parameters", parameters);
        provisioning(acme()).body(body).post("/api/v1/profiles").then().statusCode(201);
    }

    private static String caPem() {
        try (var in = DeviceSettingsIT.class.getResourceAsStream("/ca.pem")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String publish(String profile) {
        return provisioning(acme()).post("/api/v1/profiles/" + profile + "/releases").then().statusCode(201)
                .extract().path("uvc");
    }

    private static Map<String, Object> parameter(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    private static Map<String, Object> secret(String name, String value) {
        return Map.of("name", name, "value", value, "secret", true);
    }

    private static String acme() {
        return keycloak.acme();
    }

    private static RequestSpecification inventory(String token) {
        return api("inventory", token);
    }

    private static RequestSpecification provisioning(String token) {
        return api("provisioning", token);
    }

    private static RequestSpecification api(String service, String token) {
        return RestAssured.given().baseUri(platform.serviceUrl(service)).auth().oauth2(token)
                .contentType(ContentType.JSON);
    }
}
