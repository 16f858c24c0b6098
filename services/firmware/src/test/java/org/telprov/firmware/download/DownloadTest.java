package org.telprov.firmware.download;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.firmware.Firmware;
import org.telprov.support.link.SignedLinks;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.telprov.firmware.Firmware.link;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.uploaded;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DownloadTest {

    private static final byte[] IMAGE = randomBytes(10_000, 30);
    private static final String MAC = "901b0e56d001";
    private static String artifactId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "telprov.links.secret")
    String secret;

    @BeforeEach
    void artifact() {
        if (artifactId == null) {
            artifactId = uploaded(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-dl", "1.0", IMAGE);
        }
    }

    @Test
    void aSignedLinkDownloadsTheWholeImageWithItsValidators() {
        byte[] body = RestAssured.given().get(link(TestTokens.partner("acme", "partner"), artifactId, "90:1B:0E:56:D0:01"))
                .then().statusCode(200)
                .header("ETag", "\"" + sha256(IMAGE) + "\"")
                .header("Accept-Ranges", "bytes")
                .header("Last-Modified", notNullValue())
                .header("Content-Length", String.valueOf(IMAGE.length))
                .extract().asByteArray();
        assertThat(body).isEqualTo(IMAGE);
    }

    @Test
    void rangesFollowRfc7233() {
        String link = link(TestTokens.partnerAdmin("acme"), artifactId, MAC);
        int n = IMAGE.length;

        byte[] first = RestAssured.given().header("Range", "bytes=0-99").get(link)
                .then().statusCode(206).header("Content-Range", "bytes 0-99/" + n).header("Content-Length", "100")
                .extract().asByteArray();
        assertThat(first).isEqualTo(Arrays.copyOfRange(IMAGE, 0, 100));

        byte[] suffix = RestAssured.given().header("Range", "bytes=-500").get(link)
                .then().statusCode(206).header("Content-Range", "bytes " + (n - 500) + "-" + (n - 1) + "/" + n)
                .extract().asByteArray();
        assertThat(suffix).isEqualTo(Arrays.copyOfRange(IMAGE, n - 500, n));

        byte[] open = RestAssured.given().header("Range", "bytes=9000-").get(link)
                .then().statusCode(206).header("Content-Range", "bytes 9000-" + (n - 1) + "/" + n)
                .extract().asByteArray();
        assertThat(open).isEqualTo(Arrays.copyOfRange(IMAGE, 9000, n));

        byte[] clipped = RestAssured.given().header("Range", "bytes=9990-20000").get(link)
                .then().statusCode(206).header("Content-Range", "bytes 9990-" + (n - 1) + "/" + n)
                .extract().asByteArray();
        assertThat(clipped).isEqualTo(Arrays.copyOfRange(IMAGE, 9990, n));

        RestAssured.given().header("Range", "bytes=" + n + "-").get(link)
                .then().statusCode(416).header("Content-Range", "bytes */" + n);
        RestAssured.given().header("Range", "bytes=-0").get(link)
                .then().statusCode(416).header("Content-Range", "bytes */" + n);

        // several ranges, or a range for another version (If-Range), get the whole image
        RestAssured.given().header("Range", "bytes=0-1,5-6").get(link).then().statusCode(200);
        RestAssured.given().header("Range", "bytes=0-1").header("If-Range", "\"other\"").get(link)
                .then().statusCode(200).header("Content-Length", String.valueOf(n));
    }

    @Test
    void theBytesSentAreCountedRangesIncludedHeadNot() {
        String link = link(TestTokens.partnerAdmin("acme"), artifactId, MAC);
        double before = bytesSent();
        RestAssured.given().header("Range", "bytes=0-99").get(link).then().statusCode(206);
        RestAssured.given().get(link).then().statusCode(200);
        RestAssured.given().head(link).then().statusCode(200);
        // counted once sendfile has handed the range to the socket, asynchronously to the response
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(bytesSent() - before).isEqualTo(100 + IMAGE.length));
    }

    private static double bytesSent() {
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("telprov_firmware_download_sent_bytes_total "))
                // the value, without the exemplar (" # {span_id=…}") a counter carries when traces are on
                .mapToDouble(l -> Double.parseDouble(l.split(" ")[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no telprov_firmware_download_sent_bytes_total in the scrape"));
    }

    @Test
    void aDeviceThatHasTheImageGetsNotModified() {
        String link = link(TestTokens.partnerAdmin("acme"), artifactId, MAC);
        RestAssured.given().header("If-None-Match", "\"" + sha256(IMAGE) + "\"").get(link)
                .then().statusCode(304).header("ETag", "\"" + sha256(IMAGE) + "\"").body(emptyString());
        RestAssured.given().header("If-None-Match", "\"something-else\"").get(link).then().statusCode(200);
        RestAssured.given().head(link).then().statusCode(200).header("Content-Length", String.valueOf(IMAGE.length));
    }

    @Test
    void expiredForgedAndForeignMacLinksAreForbiddenWithoutDetail() {
        SignedLinks signer = new SignedLinks(secret);
        String path = "/firmware/download/" + artifactId + "?";

        String expired = signer.query(artifactId, "acme", MAC, Instant.now().minusSeconds(1));
        RestAssured.given().get(path + expired).then().statusCode(403).body(emptyString());

        String valid = signer.query(artifactId, "acme", MAC, Instant.now().plusSeconds(60));
        RestAssured.given().get(path + valid).then().statusCode(200);
        RestAssured.given().get(path + valid.replace(MAC, "901b0e56d002")).then().statusCode(403).body(emptyString());
        RestAssured.given().get(path + valid.replace("expires=", "expires=1")).then().statusCode(403);
        String forged = new SignedLinks("another-secret-that-is-long-enough-000000")
                .query(artifactId, "acme", MAC, Instant.now().plusSeconds(60));
        RestAssured.given().get(path + forged).then().statusCode(403).body(emptyString());
        RestAssured.given().get(path + "mac=" + MAC).then().statusCode(403);
        // a valid signature for another artifact opens nothing else
        String other = signer.query("00000000-0000-0000-0000-000000000000", "acme", MAC, Instant.now().plusSeconds(60));
        RestAssured.given().get(path + other).then().statusCode(403);
        // an unknown artifact answers like another tenant's: the link entitles to nothing
        RestAssured.given().get("/firmware/download/00000000-0000-0000-0000-000000000000?" + other)
                .then().statusCode(403).body(emptyString());
    }

    @Test
    void aDeviceOfAnotherTenantIsRefusedAnArtifactByItsId() {
        SignedLinks signer = new SignedLinks(secret);
        // what provisioning would sign for a globex device whose profile names acme's artifact id
        String globexLink = "/firmware/download/" + artifactId + "?"
                + signer.query(artifactId, "globex", "901b0e56d0a1", Instant.now().plusSeconds(60));
        RestAssured.given().get(globexLink).then().statusCode(403).body(emptyString());
        RestAssured.given().head(globexLink).then().statusCode(403);
        // nor does the operator's API sign one
        Firmware.as(TestTokens.operator()).body(Map.of("mac", "901b0e56d0a1", "tenantId", "globex"))
                .post("/api/v1/firmware/artifacts/" + artifactId + "/links")
                .then().statusCode(400).body("errors[0].field", equalTo("tenantId"));
        Firmware.as(TestTokens.partnerAdmin("acme")).body(Map.of("mac", "901b0e56d0a1", "tenantId", "globex"))
                .post("/api/v1/firmware/artifacts/" + artifactId + "/links")
                .then().statusCode(400).body("errors[0].field", equalTo("tenantId"));
    }

    @Test
    void aForgedTenantInTheLinkFailsTheSignature() {
        String platformImage = uploaded(TestTokens.operator(), "gigaset-maxwell", "mx-forged", "1.0",
                randomBytes(1_000, 31));
        String link = link(TestTokens.partnerAdmin("globex"), platformImage, "901b0e56d0a2");
        assertThat(link).contains("tenant=globex&");
        RestAssured.given().get(link).then().statusCode(200);
        // acme's devices may have platform firmware too, but only with a link signed for acme
        RestAssured.given().get(link.replace("tenant=globex", "tenant=acme")).then().statusCode(403).body(emptyString());
        String acmeImageWithGlobexSignature = link(TestTokens.partnerAdmin("acme"), artifactId, "901b0e56d0a2")
                .replace("tenant=acme", "tenant=globex");
        RestAssured.given().get(acmeImageWithGlobexSignature).then().statusCode(403);
        RestAssured.given().get(link.replace("tenant=globex&", "")).then().statusCode(403);
    }

    @Test
    void aPlatformImageDownloadsAndItsCheckInCarriesTheDevicesTenant() {
        String platformImage = uploaded(TestTokens.operator(), "gigaset-maxwell", "mx-platform", "7.1",
                randomBytes(2_000, 32));
        String mac = "901b0e56d0f2";
        RestAssured.given().get(link(TestTokens.partner("globex", "partner"), platformImage, mac))
                .then().statusCode(200);

        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.DEVICE_CHECKINS,
                r -> mac.equals(r.key()), Duration.ofSeconds(30)).value());
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        assertThat(checkin.firmwareVersion()).isEqualTo("7.1");
        // before, the artifact's (absent) tenant: inventory dropped the check-in and never learnt lastFirmware
        assertThat(checkin.tenantId()).isEqualTo("globex");
        assertThat(event.tenantId()).isEqualTo("globex");
    }

    @Test
    void aCompletedDownloadIsADeviceFetchedCheckIn() {
        String mac = "901b0e56d0f1";
        String link = link(TestTokens.partnerAdmin("acme"), artifactId, mac);
        // a first range does not complete the download; the last one does
        RestAssured.given().header("Range", "bytes=0-99").header("User-Agent", "Maxwell/2.58").get(link)
                .then().statusCode(206);
        RestAssured.given().header("Range", "bytes=100-").header("User-Agent", "Maxwell/2.58").get(link)
                .then().statusCode(206);

        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.DEVICE_CHECKINS,
                r -> mac.equals(r.key()), Duration.ofSeconds(30)).value());
        assertThat(event.type()).isEqualTo(DeviceCheckin.FETCHED.type());
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        assertThat(checkin.service()).isEqualTo("firmware");
        assertThat(checkin.file()).isEqualTo(artifactId);
        assertThat(checkin.firmwareVersion()).isEqualTo("1.0");
        assertThat(checkin.tenantId()).isEqualTo("acme");
        assertThat(checkin.userAgent()).isEqualTo("Maxwell/2.58");
        assertThat(checkin.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(TopicProbe.matching(bootstrapServers, Topics.DEVICE_CHECKINS, r -> mac.equals(r.key()),
                Duration.ofSeconds(2))).hasSize(1);
    }
}
