package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.http.DigestAuth;
import org.telprov.platform.Platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processes of every service on one database, one Kafka and one Keycloak, as two pods of each Deployment are
 * (issue 17): what one replica is told, the other answers.
 * <ul>
 *   <li>Provisioning: a publish, rollback, pin, unpin, audience widening, device move or device release is what every
 *   replica answers a device's next request with, within one second (issue 20). Each such test first asks both
 *   replicas for the device's files, so that whatever a replica keeps in memory holds the old state, then makes the
 *   change through replica 1 (or inventory) and reads {@code nvm/updates.xml} (which names the UVC of the release the
 *   device gets) from both.</li>
 *   <li>An HTTP Digest exchange whose challenge came from one provisioning replica completes on the other.</li>
 *   <li>Redirect: every replica answers a device registered, released and claimed by another tenant after it
 *   started.</li>
 *   <li>Firmware: an image uploaded through one replica downloads from the other.</li>
 *   <li>Outbox: the inventory replica whose relay is draining an import is killed half-way through; the other's relay
 *   takes over, nothing is lost and nothing but the killed relay's last batch is sent twice. The relay is the one
 *   class every service's outbox uses ({@code OutboxRelay}), so inventory's stands for all four.</li>
 * </ul>
 *
 * <p>The one-second deadline is a correctness bound from the issue (how stale a replica may be), not a performance
 * measurement: a replica kept current by events answers within milliseconds, a replica that serves what it cached
 * until a TTL runs out does not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// alone, after the other classes: eight services boot at once, and the one-second deadline is the replicas', not that
// of a machine another class's platform keeps busy
@Isolated
class ReplicasIT {

    /** How long after a change every replica may still answer the old state. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);
    private static final Pattern SETTINGS_UVC = Pattern.compile("version=\"([^\"]+)\" url=\"[^\"]*/settings\\.xml\"");
    /** Small outbox batches, so that the drain of an import lasts long enough to be interrupted. */
    private static final int BATCH_SIZE = 20;
    private static final int IMPORTED_DEVICES = 20_000;
    private static final String IMPORTED_FLEET = "7c2f83";
    private static final String GLOBEX_URL = "https://prov.globex.example/";
    private static final List<String> APPLIED_REGISTRATIONS = List.of("telprov_redirect_events_total{",
            "outcome=\"applied\"", "type=\"device.registered\"");
    private static final List<String> DEVICE_EVENTS = List.of("telprov_redirect_events_total{", "type=\"device.");
    private static final List<String> DUPLICATE_EVENTS = List.of("telprov_redirect_events_total{",
            "outcome=\"duplicate\"", "type=\"device.");
    private static final List<String> SENT = List.of("telprov_outbox_sent_total");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Platform platform;
    private static Keycloak keycloak;
    private static String replica1;
    private static String replica2;

    @BeforeAll
    static void startTwoProcessesOfEveryService() {
        platform = E2ePlatform.start(E2ePlatform.options("-replicas", List.of("inventory", "redirect", "provisioning", "firmware"))
                .replicas(2)
                // eight services booting at once on a small machine
                .serviceReadyTimeout(Duration.ofSeconds(240))
                .serviceEnvironment(Map.of("TELPROV_OUTBOX_BATCH_SIZE", String.valueOf(BATCH_SIZE)))
                .build());
        replica1 = platform.serviceUrls("provisioning").get(0);
        replica2 = platform.serviceUrls("provisioning").get(1);
        keycloak = new Keycloak(platform.tokenUrl());

        String operator = keycloak.token("telprov-operator", "operator-secret");
        inventory(operator).body(Map.of("id", "acme", "name", "Acme Telecom",
                        "provisioningUrlTemplate", replica1 + "/prov/<MACADR>/"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
        inventory(operator).body(Map.of("id", "globex", "name", "Globex Telecom",
                        "provisioningUrlTemplate", GLOBEX_URL + "<MACADR>/"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
        // each replica learns of the new tenants from inventory's events and refuses their tokens until then
        for (String replica : List.of(replica1, replica2)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                api(replica, partner()).get("/api/v1/profiles").then().statusCode(200);
                api(replica, globex()).get("/api/v1/profiles").then().statusCode(200);
            });
        }
        for (String firmware : platform.serviceUrls("firmware")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    api(firmware, partner()).get("/api/v1/firmware/artifacts").then().statusCode(200));
        }
        // what the release tests measure is which release a device gets, not HTTP Digest (globex keeps it on)
        api(replica1, partner()).body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(200);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPublishIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("publish");
        String mac = deviceOnProfile("7c2f80a00001", "publish", first);

        String second = publish("publish", "");

        assertThat(second).isNotEqualTo(first);
        everyReplicaServesWithinASecond(mac, second);
    }

    @Test
    void aRollbackIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("rollback");
        String second = publish("rollback", "");
        String mac = deviceOnProfile("7c2f80a00002", "rollback", second);

        String rolledBack = publish("rollback", "?from=" + first);

        everyReplicaServesWithinASecond(mac, rolledBack);
    }

    @Test
    void aPinAndAnUnpinAreWhatEveryReplicaServesNext() {
        String first = profileWithRelease("pin");
        String second = publish("pin", "");
        String mac = deviceOnProfile("7c2f80a00003", "pin", second);

        api(replica1, partner()).body(Map.of("uvc", first)).put("/api/v1/profiles/pin/pins/" + mac)
                .then().statusCode(201);
        everyReplicaServesWithinASecond(mac, first);

        api(replica1, partner()).delete("/api/v1/profiles/pin/pins/" + mac).then().statusCode(204);
        everyReplicaServesWithinASecond(mac, second);
    }

    @Test
    void aWidenedAudienceIsWhatEveryReplicaServesNext() {
        String first = profileWithRelease("widen");
        String beta = publish("widen", "?label=beta");
        String mac = deviceOnProfile("7c2f80a00004", "widen", first);

        api(replica1, partner()).body(Map.of("audience", "all")).patch("/api/v1/profiles/widen/releases/" + beta)
                .then().statusCode(200);

        everyReplicaServesWithinASecond(mac, beta);
    }

    @Test
    void aDeviceMovedToAnotherProfileGetsItsReleaseFromEveryReplica() {
        String from = profileWithRelease("move-from");
        String to = profileWithRelease("move-to");
        String mac = deviceOnProfile("7c2f80a00005", "move-from", from);

        inventory(partner()).body(Map.of("profile", "move-to")).put("/api/v1/devices/" + mac + "/profile")
                .then().statusCode(200);

        oneReplicaThenEveryReplicaServes(mac, to);
    }

    @Test
    void aReleasedDeviceGetsNothingFromAnyReplica() {
        String uvc = profileWithRelease("release");
        String mac = deviceOnProfile("7c2f80a00006", "release", uvc);

        inventory(partner()).delete("/api/v1/devices/" + mac).then().statusCode(204);

        oneReplicaThenEveryReplicaServes(mac, "404");
    }

    @Test
    void aDigestExchangeChallengedByOneReplicaCompletesOnTheOther() {
        api(replica1, globex()).body(Map.of("name", "digest", "parameters", List.of(
                        Map.of("name", "SIP.Account.0.AuthName", "value", "digest"),
                        Map.of("name", "System.Security.HTTPAuthUsername", "value", "globex-phone"),
                        Map.of("name", "System.Security.HTTPAuthPassword", "value", "digest-pass-17", "secret", true))))
                .post("/api/v1/profiles").then().statusCode(201);
        String uvc = api(replica1, globex()).post("/api/v1/profiles/digest/releases")
                .then().statusCode(201).extract().path("uvc");
        String mac = "7c2f81b00001";
        inventory(globex()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "profile", "digest"))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
        String settings = "/prov/" + mac + "/nvm/" + uvc + "/settings.xml";
        // globex never configured device authentication: both replicas, once they know the device, ask for Digest
        for (String replica : List.of(replica1, replica2)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    device(replica).get(settings).then().statusCode(401));
        }
        // the first stage, as the phone does it: the device is handed its credentials unasked
        device(replica1).get("/prov/" + mac + "/nvm/" + uvc + "/credentials.xml")
                .then().statusCode(200);

        Response challenge = device(replica1).get(settings);
        assertThat(challenge.statusCode()).isEqualTo(401);
        DigestAuth.NonceUse nonce = new DigestAuth.NonceUse(DigestAuth.choose(
                DigestAuth.parse(challenge.headers().getValues("WWW-Authenticate"))).orElseThrow());
        Credentials credentials = new Credentials("globex-phone", "digest-pass-17");
        String answer = nonce.authorize(credentials, "GET", settings);

        device(replica2).header("Authorization", answer).get(settings)
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("SIP.Account.0.AuthName"));
        // the replica that accepted the answer refuses it a second time; the device goes on with the next count
        device(replica2).header("Authorization", answer).get(settings).then().statusCode(401);
        device(replica1).header("Authorization", nonce.authorize(credentials, "GET", settings))
                .get(settings).then().statusCode(200);
    }

    /**
     * A request as a phone sends it: the path exactly as given, since a Digest answer hashes it (a UVC holds colons,
     * which RestAssured would otherwise percent-encode).
     */
    private static RequestSpecification device(String replica) {
        return RestAssured.given().baseUri(replica).urlEncodingEnabled(false);
    }

    @Test
    void everyRedirectReplicaAnswersADeviceRegisteredReleasedAndClaimedByAnotherTenant() {
        String mac = "7c2f81a00001";

        inventory(partner()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
        everyRedirectReplicaAnswers(mac, "302 " + replica1 + "/prov/7C2F81A00001/");

        inventory(partner()).delete("/api/v1/devices/" + mac).then().statusCode(204);
        everyRedirectReplicaAnswers(mac, "404");

        inventory(globex()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
        everyRedirectReplicaAnswers(mac, "302 " + GLOBEX_URL + "7C2F81A00001/");
    }

    @Test
    void anImageUploadedThroughOneFirmwareReplicaDownloadsFromTheOther() {
        List<String> firmware = platform.serviceUrls("firmware");
        byte[] image = new byte[64 * 1024];
        new Random(17).nextBytes(image);
        inventory(partner()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/7c2f81c00001").then().statusCode(201);

        String id = api(firmware.get(0), partner()).contentType("application/octet-stream").body(image)
                .queryParam("vendor", "gigaset-maxwell").queryParam("product", "mx3b").queryParam("version", "2.11.0")
                .post("/api/v1/firmware/artifacts").then().statusCode(201).extract().path("id");
        String link = api(firmware.get(0), partner()).body(Map.of("mac", "7c:2f:81:c0:00:01"))
                .post("/api/v1/firmware/artifacts/" + id + "/links").then().statusCode(200).extract().path("path");

        byte[] downloaded = RestAssured.given().baseUri(firmware.get(1))
                .header("User-Agent", "Gigaset N870 IP PRO/83.V2.11.0+build.a546b3d;7C2F81C00001")
                .get(link).then().statusCode(200).extract().asByteArray();
        assertThat(downloaded).isEqualTo(image);
    }

    /**
     * Last: it kills an inventory process, which the other tests use. A relay sends a batch and deletes its rows in one
     * transaction under its lane's advisory lock, so the rows the killed relay sent but had not deleted are sent again
     * (at most one batch), and every other row once: two relays draining at the same time would both read, and send,
     * the same due rows. The redirect replicas apply each registration once between them and answer every device.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anImportWhoseDrainingReplicaIsKilledHalfWayReachesEveryRedirectReplicaOnceInEffect() throws Exception {
        List<String> inventories = platform.serviceUrls("inventory");
        List<String> redirects = platform.serviceUrls("redirect");
        awaitQuietRedirects(redirects);
        Map<String, Double> appliedBefore = metrics(redirects, APPLIED_REGISTRATIONS);
        Map<String, Double> handledBefore = metrics(redirects, DEVICE_EVENTS);
        Map<String, Double> duplicatesBefore = metrics(redirects, DUPLICATE_EVENTS);
        Map<String, Double> sentBefore = metrics(inventories, SENT);

        RestAssured.given().baseUri(inventories.get(0)).auth().oauth2(partner()).contentType("text/csv")
                .body(fleetCsv())
                .post("/api/v1/devices/import")
                .then().statusCode(200);

        // The replica whose relay has started on the import, caught while the outbox still holds most of it.
        String[] draining = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String replica : inventories) {
                if (metric(replica, SENT) > sentBefore.get(replica)) {
                    draining[0] = replica;
                    return true;
                }
            }
            return false;
        });
        String drainer = draining[0];
        String survivor = inventories.stream().filter(replica -> !replica.equals(drainer)).findFirst().orElseThrow();
        platform.kill(drainer);

        // nothing lost: the survivor relays the rest of the import (what the killed relay had sent again first)
        await("every imported registration on the topic").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> new HashSet<>(importedRecords()).size() == IMPORTED_DEVICES);
        assertThat(metric(survivor, SENT)).isGreaterThan(sentBefore.get(survivor));
        List<String> sent = importedRecords();
        // every redirect replica has handled every record (applied, found written by the other replica, or duplicate)
        for (String redirect : redirects) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    metric(redirect, DEVICE_EVENTS) >= handledBefore.get(redirect) + sent.size());
        }

        assertThat(sent.size()).as("registrations on the topic, with the killed relay's last batch sent again")
                .isBetween(IMPORTED_DEVICES, IMPORTED_DEVICES + BATCH_SIZE);
        double applied = 0;
        for (String redirect : redirects) {
            applied += metric(redirect, APPLIED_REGISTRATIONS) - appliedBefore.get(redirect);
            assertThat(metric(redirect, DUPLICATE_EVENTS) - duplicatesBefore.get(redirect)).as(redirect)
                    .isEqualTo(sent.size() - IMPORTED_DEVICES);
        }
        assertThat(applied).as("registrations written by the redirect replicas together").isEqualTo(IMPORTED_DEVICES);
        for (String redirect : redirects) {
            for (int i = 0; i < IMPORTED_DEVICES; i++) {
                String mac = IMPORTED_FLEET + String.format("%06x", i);
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(redirect + "/device/" + mac)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as(redirect + " " + mac).isEqualTo(302);
            }
        }
    }

    /**
     * Both replicas answer the device with the state within {@link #VISIBLE_WITHIN} of the change's API call having
     * returned (the caller calls this right after it).
     */
    private static void everyReplicaServesWithinASecond(String mac, String expected) {
        await("every replica serves " + expected + " to " + mac + " within " + VISIBLE_WITHIN.toMillis() + " ms")
                .atMost(VISIBLE_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(List.of(served(replica1, mac), served(replica2, mac)))
                        .as("what replica 1 and replica 2 serve").containsOnly(expected));
    }

    /**
     * A change made in inventory reaches the replicas through its outbox and Kafka, whose delay is not the replicas'
     * business: once one replica serves the new state, every replica must within {@link #VISIBLE_WITHIN}.
     */
    private static void oneReplicaThenEveryReplicaServes(String mac, String expected) {
        await("a replica serves " + expected + " to " + mac).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> served(replica1, mac).equals(expected) || served(replica2, mac).equals(expected));
        everyReplicaServesWithinASecond(mac, expected);
    }

    /** The UVC of the settings file a replica names in the device's nvm/updates.xml, or the status if not 200. */
    private static String served(String replica, String mac) {
        Response response = RestAssured.given().baseUri(replica).get("/prov/" + mac + "/nvm/updates.xml");
        if (response.statusCode() != 200) {
            return String.valueOf(response.statusCode());
        }
        Matcher uvc = SETTINGS_UVC.matcher(response.asString());
        return uvc.find() ? uvc.group(1) : "no settings file in " + response.asString();
    }

    /** Waits until every redirect replica answers the device with the status and the start of the Location given. */
    private static void everyRedirectReplicaAnswers(String mac, String expected) {
        await("every redirect replica answers " + mac + " with " + expected).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(platform.serviceUrls("redirect")).allSatisfy(redirect -> {
                    Response response = RestAssured.given().baseUri(redirect).redirects().follow(false)
                            .get("/device/" + mac);
                    assertThat(response.statusCode() + " " + Optional.ofNullable(response.header("Location"))
                            .orElse("")).as(redirect).startsWith(expected);
                }));
    }

    /** Creates a Maxwell 1.0 profile through replica 1, publishes it and returns the release's UVC. */
    private static String profileWithRelease(String name) {
        api(replica1, partner()).body(Map.of("name", name, "parameters", List.of(
                        Map.of("name", "SIP.Account.0.AuthName", "value", name))))
                .post("/api/v1/profiles").then().statusCode(201);
        return publish(name, "");
    }

    private static String publish(String profile, String query) {
        return api(replica1, partner()).post("/api/v1/profiles/" + profile + "/releases" + query)
                .then().statusCode(201).extract().path("uvc");
    }

    /**
     * Registers the device on the profile through inventory, waits until both replicas serve it the release, and
     * leaves both having just answered it.
     */
    private static String deviceOnProfile(String mac, String profile, String uvc) {
        inventory(partner()).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b", "profile", profile))
                .put("/api/v1/devices/" + mac).then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(List.of(served(replica1, mac), served(replica2, mac))).containsOnly(uvc));
        return mac;
    }

    /** Waits until the redirect replicas have applied what the other tests registered, so counting starts from rest. */
    private static void awaitQuietRedirects(List<String> redirects) {
        Map<String, Double> last = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Double> now = metrics(redirects, DEVICE_EVENTS);
            boolean quiet = now.equals(last);
            last.clear();
            last.putAll(now);
            return quiet;
        });
    }

    /** Every record of the imported fleet on the bulk devices topic, as sent (the envelope, with the event id). */
    private static List<String> importedRecords() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            String topic = "inventory-devices-bulk";
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().startsWith(IMPORTED_FLEET)) {
                        records.add(record.value());
                    }
                }
            }
            return records;
        }
    }

    private static String fleetCsv() {
        StringBuilder csv = new StringBuilder("mac,vendor,model,serial\n");
        for (int i = 0; i < IMPORTED_DEVICES; i++) {
            csv.append(IMPORTED_FLEET).append(String.format("%06x", i)).append(",gigaset-maxwell,mx3b,SN").append(i)
                    .append('\n');
        }
        return csv.toString();
    }

    private static Map<String, Double> metrics(List<String> services, List<String> sample) throws IOException,
            InterruptedException {
        Map<String, Double> values = new HashMap<>();
        for (String service : services) {
            values.put(service, metric(service, sample));
        }
        return values;
    }

    /**
     * The sum of a service's Prometheus samples that start with the first part (the name) and contain the others
     * (labels as the endpoint prints them); 0 when there is none yet.
     */
    private static double metric(String service, List<String> sample) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines()
                .filter(line -> line.startsWith(sample.get(0)) && sample.stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String partner() {
        return keycloak.token("partner-acme", "acme-secret");
    }

    private static String globex() {
        return keycloak.token("partner-globex", "globex-secret");
    }

    private static RequestSpecification api(String service, String token) {
        return RestAssured.given().baseUri(service).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static RequestSpecification inventory(String token) {
        return api(platform.serviceUrls("inventory").get(0), token);
    }
}
