package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.telprov.phonesim.Family;
import org.telprov.phonesim.Mac;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.phone.Firmware;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.platform.Platform;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Rollouts of releases and firmware over the real platform (inventory, redirect, provisioning, firmware on
 * PostgreSQL, a Kafka broker process and Keycloak), watched by provisioning's rollout engine through the check-ins the
 * simulated phones cause: 60 Maxwell 1.0 phones of one profile, a release brought to them in three groups that advance
 * by themselves as the phones confirm it, a second release whose first group never checks in and pauses the rollout by
 * itself, the emergency stop giving those phones their previous release back; six phones of a profile on a firmware
 * channel that refuse the image a firmware rollout brings, which pauses after its first group with the failures
 * listed, and the stop giving them their previous image; and another tenant's partner kept out of it all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutsIT {

    private static final int PHONES = 60;
    private static final Mac FIRST = Mac.parse("7c2f80c10000");
    private static final String PROFILE = "desk";
    private static final String FIRMWARE_PROFILE = "desk-firmware";
    /** The image the phones of the firmware rollout cannot flash. */
    private static final String REFUSES_2_23 = "2\\.23\\..*";
    /** The confirmation window of the rollouts that time out (the services' minimum is lowered to 5 s). */
    private static final int SHORT_WINDOW_SECONDS = 10;

    private static Platform platform;
    private static Keycloak keycloak;
    private static final List<String> macs = new ArrayList<>();
    private static final MemoryStateStore memory = new MemoryStateStore();
    private static ExecutorService httpThreads;
    private static PhoneSimulator simulator;
    /** Release A, which every phone got at its first boot. */
    private static String releaseA;

    @BeforeAll
    static void startPlatformAndBootTheFleetOnce() {
        // check-ins closed 1 s after a boot's first fetch rather than 10 s: the engine hears of confirmations sooner;
        // confirmation windows of seconds rather than the API's one minute, so that silent phones time out soon, and
        // the scheduler that times them out ticking every second rather than five
        platform = E2ePlatform.start(E2ePlatform.options("-rollouts",
                        List.of("inventory", "redirect", "provisioning", "firmware"))
                .serviceEnvironment(Map.of("TELPROV_PROVISIONING_CHECKINS_WINDOW", "PT1S",
                        "TELPROV_ROLLOUTS_MINIMUM_CONFIRMATION_WINDOW", "PT5S",
                        "TELPROV_ROLLOUTS_TICK_EVERY", "1s"))
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

        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", PROFILE);
        profile.put("dialect", "maxwell-1.0");
        profile.put("parameters", RolloutProfiles.parameters("Release A"));
        provisioning(acme()).body(profile).post("/api/v1/profiles").then().statusCode(201);
        releaseA = provisioning(acme()).post("/api/v1/profiles/" + PROFILE + "/releases").then().statusCode(201)
                .extract().path("uvc");

        macs.addAll(register(FIRST, PHONES, PROFILE));
        httpThreads = PhoneSimulator.httpExecutor(2);
        simulator = new PhoneSimulator(PhoneSimulator.httpClient(httpThreads, Duration.ofSeconds(10)), memory);
        Map<String, Report> first = boot(macs);
        SoftAssertions.assertSoftly(soft -> first.values().forEach(report -> {
            soft.assertThat(report.uvc()).as(report.text()).isEqualTo(releaseA);
            soft.assertThat(report.params()).containsEntry("SIP.Account.0.DisplayName", "Release A");
        }));
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
    @Order(1)
    void aRolloutAdvancesByItselfThroughItsThreeGroupsAsThePhonesConfirmAndFinishes() {
        String releaseB = publishForRollouts("Release B");
        // published for rollouts only: no phone gets it yet
        boot(macs).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(releaseA));

        String id = create(releaseB, 100, 1800);
        provisioning(acme()).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("running")).body("currentGroup", equalTo(0))
                .body("groups[0].devices.offered", equalTo(PHONES / 3))
                .body("groups[1].devices.scheduled", equalTo(PHONES / 3))
                .body("groups[2].devices.scheduled", equalTo(PHONES / 3));
        // Before any phone of the first group confirmed, the phones of the other two boot: nothing offered them B.
        List<String> later = List.copyOf(devices(id, "scheduled"));
        assertThat(later).hasSize(2 * PHONES / 3);
        boot(later).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(releaseA));
        provisioning(acme()).get("/api/v1/rollouts/" + id).then().statusCode(200).body("currentGroup", equalTo(0))
                .body("groups[1].devices.scheduled", equalTo(PHONES / 3));

        // Every phone boots, again and again, until the rollout has gone through its groups by itself. A phone the
        // rollout had not offered B when the round ended cannot have been offered it during the round: it got A.
        int[] rounds = {0};
        await().atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, Report> round = boot(macs);
            rounds[0]++;
            Set<String> scheduled = devices(id, "scheduled");
            SoftAssertions.assertSoftly(soft -> round.forEach((mac, report) -> {
                soft.assertThat(report.uvc()).as(report.text()).isIn(releaseA, releaseB);
                if (scheduled.contains(mac)) {
                    soft.assertThat(report.uvc()).as("not offered B yet: " + report.text()).isEqualTo(releaseA);
                }
            }));
            JsonPath rollout = rollout(id);
            assertThat(rollout.getString("status")).isIn("running", "finished");
            return rollout.getString("status").equals("finished");
        });

        JsonPath finished = rollout(id);
        System.out.println("[rollouts] finished after " + rounds[0] + " rounds of boots");
        assertThat(finished.getList("groups.status", String.class)).containsExactly("succeeded", "succeeded",
                "succeeded", "succeeded");
        for (int group = 0; group < 3; group++) {
            assertThat(finished.getInt("groups[" + group + "].devices.confirmed")).isEqualTo(PHONES / 3);
        }
        assertThat(finished.getMap("total")).containsExactly(Map.entry("confirmed", PHONES));
        assertThat(finished.getString("endedAt")).isNotNull();
        assertThat(finished.getList("pauseReasons")).isEmpty();
        // finished: B is every phone's, whichever boot brought it
        boot(macs).values().forEach(report -> {
            assertThat(report.uvc()).as(report.text()).isEqualTo(releaseB);
            assertThat(report.params()).containsEntry("SIP.Account.0.DisplayName", "Release B");
        });
    }

    @Test
    @Order(2)
    void aGroupWhosePhonesNeverCheckInPausesTheRolloutAndTheEmergencyStopGivesThemTheirReleaseBack() {
        String previous = boot(macs.subList(0, 1)).get(macs.get(0)).uvc();
        String releaseC = publishForRollouts("Release C");
        // a confirmation window of seconds (the services' minimum lowered for this test)
        String id = create(releaseC, 100, SHORT_WINDOW_SECONDS);
        provisioning(acme()).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("running"));
        Set<String> offered = devices(id, "offered");
        assertThat(offered).hasSize(PHONES / 3);
        List<String> others = macs.stream().filter(mac -> !offered.contains(mac)).toList();

        // The first group's phones stay off. The others boot meanwhile and keep what they had: nothing offered them C.
        boot(others).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(previous));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonPath rollout = rollout(id);
            assertThat(rollout.getString("status")).isEqualTo("paused");
            assertThat(rollout.getInt("groups[0].devices.timed_out")).isEqualTo(PHONES / 3);
        });
        JsonPath paused = rollout(id);
        assertThat(paused.getString("pauseReasons.find { it.kind == 'error_condition' }.group")).isEqualTo("0");
        assertThat(paused.getInt("currentGroup")).isZero();
        assertThat(paused.getList("groups.status", String.class).subList(1, 4)).containsOnly("scheduled");
        assertThat(paused.getInt("groups[1].devices.scheduled")).isEqualTo(PHONES / 3);
        assertThat(paused.getInt("groups[2].devices.scheduled")).isEqualTo(PHONES / 3);
        // the failures listed, each with its reason and the release an emergency stop gives back
        provisioning(acme()).queryParam("state", "timed_out").queryParam("size", 100)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("total", equalTo(PHONES / 3))
                .body("items.reason", everyItem(equalTo("no_checkin")))
                .body("items.previousVersion", everyItem(equalTo(previous)))
                .body("items.group", everyItem(equalTo(0)));
        assertThat(devices(id, "timed_out")).isEqualTo(offered);

        // Two of them boot late, while it pauses: they were offered C, so they get it (too late to count).
        List<String> late = offered.stream().sorted().limit(2).toList();
        boot(late).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(releaseC));

        provisioning(acme()).post("/api/v1/rollouts/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("stopped")).body("endedAt", notNullValue());
        provisioning(acme()).queryParam("state", "timed_out").queryParam("size", 100)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("items.rolledBackAt", everyItem(notNullValue()));

        // On their next boot every phone offered C has its previous release again; the two that took C download it.
        // Routing serves the stop within its memory poll, so a boot soon after may still see C once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(boot(late).values()).allSatisfy(report ->
                        assertThat(report.uvc()).as(report.text()).isEqualTo(previous)));
        SoftAssertions.assertSoftly(soft -> boot(List.copyOf(offered)).forEach((mac, report) -> {
            soft.assertThat(report.uvc()).as(report.text()).isEqualTo(previous);
            soft.assertThat(report.params()).as(mac).containsEntry("SIP.Account.0.DisplayName", "Release B");
        }));
        boot(others).values().forEach(report -> assertThat(report.uvc()).as(report.text()).isEqualTo(previous));
    }

    @Test
    @Order(3)
    void aFirmwareImageThePhonesRefusePausesTheRolloutAfterItsFirstGroupAndTheStopGivesThemTheirPreviousImage() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                api("firmware", acme()).get("/api/v1/firmware/artifacts").then().statusCode(200));
        String current = uploadFirmware("2.22.4");
        String refused = uploadFirmware("2.23.0");
        api("firmware", acme()).body(Map.of("artifactId", current))
                .put("/api/v1/firmware/products/gigaset-maxwell/mx3b/channels/stable").then().statusCode(200);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", FIRMWARE_PROFILE);
        profile.put("dialect", "maxwell-1.0");
        profile.put("parameters", RolloutProfiles.parameters("Firmware desk"));
        profile.put("firmware", Map.of("vendor", "gigaset-maxwell", "product", "mx3b", "channel", "stable"));
        provisioning(acme()).body(profile).post("/api/v1/profiles").then().statusCode(201);
        provisioning(acme()).post("/api/v1/profiles/" + FIRMWARE_PROFILE + "/releases").then().statusCode(201);
        List<String> phones = register(Mac.parse("7c2f80c20000"), 6, FIRMWARE_PROFILE);

        // every phone installs the channel's image at its first boot (it announces the version it runs already);
        // provisioning learns of the channel from the firmware service's events, so the first phone boots until its
        // release gives it the image
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                boot(phones.subList(0, 1), REFUSES_2_23).values().forEach(report -> installed(report, current)));
        boot(phones.subList(1, phones.size()), REFUSES_2_23).values().forEach(report -> installed(report, current));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "firmware");
        body.put("vendor", "gigaset-maxwell");
        body.put("product", "mx3b");
        body.put("channel", "stable");
        body.put("artifactId", refused);
        body.put("groupCount", 3);
        body.put("successPercent", 100);
        body.put("errorPercent", 20);
        body.put("confirmationSeconds", SHORT_WINDOW_SECONDS);
        // provisioning learns of the artifact and the channel from the firmware service's events
        String id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                provisioning(acme()).body(body).post("/api/v1/rollouts").then().extract(), r -> r.statusCode() == 201)
                .path("id");
        provisioning(acme()).get("/api/v1/rollouts/" + id).then().body("total.scheduled", equalTo(6))
                .body("firmwareVersion", equalTo("2.23.0"));
        provisioning(acme()).post("/api/v1/rollouts/" + id + "/start").then().statusCode(200)
                .body("groups[0].devices.offered", equalTo(2));
        Set<String> offered = devices(id, "offered");
        List<String> others = phones.stream().filter(mac -> !offered.contains(mac)).toList();

        // the offered phones download the new image and refuse it, keep announcing 2.22.4, and download it again at
        // their next boot; the others are left on the channel's image (nothing to download)
        for (int round = 0; round < 2; round++) {
            boot(List.copyOf(offered), REFUSES_2_23).values().forEach(report -> {
                assertThat(report.files("firmware")).as(report.text()).singleElement()
                        .satisfies(image -> assertThat(image.url()).contains("/firmware/download/" + refused));
                assertThat(report.firmware()).as(report.text()).isEqualTo("2.22.4");
            });
        }
        boot(others, REFUSES_2_23).values().forEach(report ->
                assertThat(report.files("firmware")).as(report.text()).isEmpty());

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath rollout = rollout(id);
            assertThat(rollout.getString("status")).isEqualTo("paused");
            assertThat(rollout.getInt("groups[0].devices.failed")).isEqualTo(2);
        });
        JsonPath paused = rollout(id);
        assertThat(paused.getString("pauseReasons.find { it.kind == 'error_condition' }.group")).isEqualTo("0");
        assertThat(paused.getInt("groups[1].devices.scheduled")).isEqualTo(2);
        assertThat(paused.getInt("groups[2].devices.scheduled")).isEqualTo(2);
        provisioning(acme()).queryParam("state", "failed").get("/api/v1/rollouts/" + id + "/devices").then()
                .statusCode(200).body("total", equalTo(2))
                .body("items.reason", everyItem(equalTo("version_not_announced")))
                .body("items.previousVersion", everyItem(equalTo(current)));
        assertThat(devices(id, "failed")).isEqualTo(offered);

        provisioning(acme()).post("/api/v1/rollouts/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("stopped"));
        // On their next boot the touched phones are given their previous image again: the one they run and stored,
        // so nothing is downloaded. Routing serves the stop within its memory poll.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(boot(List.copyOf(offered), REFUSES_2_23).values()).allSatisfy(report -> {
                    assertThat(report.files("firmware")).as(report.text()).isEmpty();
                    assertThat(report.steps()).as(report.text()).anySatisfy(step ->
                            assertThat(step.decision()).contains(current));
                    assertThat(report.firmware()).as(report.text()).isEqualTo("2.22.4");
                }));
    }

    @Test
    @Order(4)
    void anotherTenantsPartnerCanNeitherSeeNorActOnTheRollouts() {
        String release = publishForRollouts("Release D");
        String id = create(release, 90, 1800);
        long version = rollout(id).getLong("version");
        String globex = keycloak.token("partner-globex", "globex-secret");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                provisioning(globex).get("/api/v1/profiles").then().statusCode(200));

        List<String> acmes = provisioning(acme()).queryParam("size", 100).get("/api/v1/rollouts").then()
                .statusCode(200).extract().path("items.id");
        assertThat(acmes).contains(id).hasSizeGreaterThanOrEqualTo(2);
        provisioning(globex).get("/api/v1/rollouts").then().statusCode(200).body("items.id", not(hasItem(id)))
                .body("total", equalTo(0));
        for (String rollout : acmes) {
            provisioning(globex).get("/api/v1/rollouts/" + rollout).then().statusCode(404)
                    .contentType("application/problem+json");
            provisioning(globex).get("/api/v1/rollouts/" + rollout + "/devices").then().statusCode(404);
            for (String command : List.of("approve", "start", "pause", "resume", "next-group", "cancel", "stop",
                    "retry-failed")) {
                provisioning(globex).post("/api/v1/rollouts/" + rollout + "/" + command).then().statusCode(404)
                        .contentType("application/problem+json");
            }
        }
        // its own profile of that name is another one, which it does not have
        provisioning(globex).body(request(release, 90, 1800)).post("/api/v1/rollouts").then().statusCode(400)
                .body("code", equalTo("unknown_profile"));
        provisioning(acme()).get("/api/v1/rollouts/" + id).then().statusCode(200)
                .body("status", equalTo("ready")).body("version", equalTo((int) version));
        provisioning(acme()).post("/api/v1/rollouts/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    /**
     * Registers {@code count} phones of the product gigaset-maxwell/mx3b from {@code first} on the profile, and waits
     * until the redirect service and provisioning know them (from inventory's events); answers their MACs.
     */
    private static List<String> register(Mac first, int count, String profile) {
        List<String> registered = new ArrayList<>();
        StringBuilder csv = new StringBuilder("mac,vendor,model,serial,profile\n");
        for (int i = 0; i < count; i++) {
            String mac = new Mac(first.value() + i).lower();
            registered.add(mac);
            csv.append(mac).append(",gigaset-maxwell,mx3b,SN-").append(mac).append(',').append(profile).append('\n');
        }
        inventory(acme()).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(count));
        for (String mac : registered) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                provisioning(acme()).get("/api/v1/settings/devices/" + mac).then().statusCode(200);
                RestAssured.given().redirects().follow(false)
                        .get(platform.serviceUrl("redirect") + "/device/" + mac).then().statusCode(302);
            });
        }
        return registered;
    }

    /**
     * Uploads an image of gigaset-maxwell/mx3b for acme whose first line names its version, as the phone simulator
     * reads it; answers the artifact's id.
     */
    private static String uploadFirmware(String version) {
        byte[] image = (Firmware.MARKER + version + "\n" + "x".repeat(32 * 1024)).getBytes(StandardCharsets.UTF_8);
        return api("firmware", acme()).contentType("application/octet-stream").body(image)
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", version)
                .post("/api/v1/firmware/artifacts").then().statusCode(201).extract().path("id");
    }

    /** The boot downloaded the image, which the phone installed: it runs 2.22.4. */
    private static void installed(Report report, String artifactId) {
        assertThat(report.files("firmware")).as(report.text()).singleElement()
                .satisfies(image -> assertThat(image.url()).contains("/firmware/download/" + artifactId));
        assertThat(report.firmware()).as(report.text()).isEqualTo("2.22.4");
    }

    /** Changes the profile's display name and publishes it for rollouts; answers its UVC. */
    private static String publishForRollouts(String displayName) {
        provisioning(acme()).body(Map.of("dialect", "maxwell-1.0",
                        "parameters", RolloutProfiles.parameters(displayName)))
                .put("/api/v1/profiles/" + PROFILE).then().statusCode(200);
        return provisioning(acme()).queryParam("audience", "rollout").post("/api/v1/profiles/" + PROFILE + "/releases")
                .then().statusCode(201).body("audience.type", equalTo("rollout")).extract().path("uvc");
    }

    /** Creates a rollout of the release in three equal groups, each next one started when a group succeeds. */
    private static String create(String uvc, int successPercent, int confirmationSeconds) {
        return provisioning(acme()).body(request(uvc, successPercent, confirmationSeconds)).post("/api/v1/rollouts")
                .then().statusCode(201).body("status", equalTo("ready")).extract().path("id");
    }

    private static Map<String, Object> request(String uvc, int successPercent, int confirmationSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", PROFILE);
        body.put("uvc", uvc);
        body.put("groupCount", 3);
        body.put("successPercent", successPercent);
        body.put("successAction", "next_group");
        body.put("errorPercent", 20);
        body.put("confirmationSeconds", confirmationSeconds);
        return body;
    }

    private static JsonPath rollout(String id) {
        return provisioning(acme()).get("/api/v1/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The MACs of the rollout's devices in one state. */
    private static Set<String> devices(String id, String state) {
        List<String> found = provisioning(acme()).queryParam("state", state).queryParam("size", 100)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200).extract().path("items.mac");
        Set<String> lower = new HashSet<>();
        found.forEach(mac -> lower.add(Mac.parse(mac).lower()));
        return lower;
    }

    /** Boots each phone once, one after another, remembering what it holds; every boot must succeed. */
    private static Map<String, Report> boot(List<String> phones) {
        return boot(phones, null);
    }

    /** As {@link #boot(List)}, the phones refusing to flash images whose version matches {@code refuse}. */
    private static Map<String, Report> boot(List<String> phones, String refuse) {
        Map<String, Report> reports = new LinkedHashMap<>();
        for (String mac : phones) {
            Report report = simulator.boot(Family.MAXWELL_1_0, PhoneOptions.builder().mac(mac)
                    .redirect(URI.create(platform.serviceUrl("redirect"))).timeout(Duration.ofSeconds(20))
                    .refuseFirmware(refuse).build());
            assertThat(report.ok()).as(report.text()).isTrue();
            assertThat(report.settings()).as(report.text()).isNotEqualTo(SettingsOutcome.NONE);
            reports.put(mac, report);
        }
        return reports;
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
