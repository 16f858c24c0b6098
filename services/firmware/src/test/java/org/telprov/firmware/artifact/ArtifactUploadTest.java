package org.telprov.firmware.artifact;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.FirmwarePublished;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.blob;
import static org.telprov.firmware.Firmware.md5;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.storedFiles;
import static org.telprov.firmware.Firmware.upload;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ArtifactUploadTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/v1/firmware/artifacts")
    URL artifacts;

    @Test
    void anUploadIsHashedStoredUnderItsDigestAndPublished() {
        byte[] image = randomBytes(200_000, 1);
        String id = upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx3b", "2.58.1", image,
                Map.of("oemName", "Maxwell 3", "releaseNotes", "Fixes\nline two", "sha256", sha256(image).toUpperCase(),
                        "md5", md5(image)))
                .then().statusCode(201)
                .body("size", equalTo(image.length), "sha256", equalTo(sha256(image)), "md5", equalTo(md5(image)),
                        "tenantId", equalTo("acme"), "platformWide", equalTo(false), "oemName", equalTo("Maxwell 3"))
                .extract().path("id");

        assertThat(blob(sha256(image))).exists().hasBinaryContent(image);
        as(TestTokens.partner("acme", "partner")).get("/api/v1/firmware/artifacts/" + id)
                .then().statusCode(200).body("version", equalTo("2.58.1"), "releaseNotes", equalTo("Fixes\nline two"));

        String key = FirmwareChannels.productKey("acme", "gigaset-maxwell", "mx3b");
        EventEnvelope published = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.FIRMWARE_ARTIFACTS,
                r -> key.equals(r.key()) && r.value().contains(FirmwarePublished.PUBLISHED.type())
                        && r.value().contains(id), Duration.ofSeconds(30)).value());
        FirmwarePublished payload = EventCodec.payload(published, FirmwarePublished.class);
        assertThat(payload.artifact().sha256()).isEqualTo(sha256(image));
        assertThat(payload.tenantId()).isEqualTo("acme");

        EventEnvelope latest = EventCodec.fromJson(TopicProbe.await(bootstrapServers, Topics.FIRMWARE_ARTIFACTS,
                r -> key.equals(r.key()) && r.value().contains(FirmwareChannels.UPDATED.type())
                        && r.value().contains(id), Duration.ofSeconds(30)).value());
        assertThat(EventCodec.payload(latest, FirmwareChannels.class).channels().get("latest").artifactId())
                .isEqualTo(id);
    }

    @Test
    void aChecksumMismatchIsRefusedAndNothingIsKept() {
        byte[] image = randomBytes(100_000, 2);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-mismatch", "1.0", image,
                Map.of("sha256", sha256(randomBytes(10, 3))))
                .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("checksum_mismatch"));
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-mismatch", "1.0", image,
                Map.of("md5", "00000000000000000000000000000000"))
                .then().statusCode(422).body("code", equalTo("checksum_mismatch"));

        assertThat(blob(sha256(image))).doesNotExist();
        assertThat(storedFiles()).noneMatch(file -> file.startsWith("incoming"));
        as(TestTokens.partnerAdmin("acme")).queryParam("product", "mx-mismatch").get("/api/v1/firmware/artifacts")
                .then().statusCode(200).body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void aSecondUploadOfTheSameVersionIsAConflictAndKeepsTheFirst() {
        byte[] first = randomBytes(5_000, 4);
        byte[] second = randomBytes(5_000, 5);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-dup", "1.0", first, Map.of())
                .then().statusCode(201);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-dup", "1.0", second, Map.of())
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("version_exists"));

        assertThat(blob(sha256(second))).doesNotExist();
        as(TestTokens.partnerAdmin("acme")).queryParam("product", "mx-dup").get("/api/v1/firmware/artifacts")
                .then().body("items", hasSize(1)).body("items[0].sha256", equalTo(sha256(first)));
        // another tenant has its own namespace of versions
        upload(TestTokens.partnerAdmin("globex"), "gigaset-maxwell", "mx-dup", "1.0", second, Map.of())
                .then().statusCode(201);
    }

    @Test
    void theListComesAPageAtATimeNewestFirst() {
        String acme = TestTokens.partnerAdmin("acme");
        for (String version : new String[]{"1.0", "1.1", "1.2"}) {
            upload(acme, "gigaset-maxwell", "mx-pages", version, randomBytes(1_000, version.hashCode()), Map.of())
                    .then().statusCode(201);
        }
        as(acme).queryParam("product", "mx-pages").queryParam("size", 2).get("/api/v1/firmware/artifacts")
                .then().statusCode(200).body("items.version", contains("1.2", "1.1"))
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2));
        as(acme).queryParam("product", "mx-pages").queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/firmware/artifacts").then().body("items.version", contains("1.0"));
        as(acme).queryParam("size", 501).get("/api/v1/firmware/artifacts")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void namesVersionsAndOemStringsNeverBecomePaths() {
        byte[] image = randomBytes(3_000, 6);
        for (Map.Entry<String, String> bad : Map.of(
                "version", "../../etc/passwd", "product", "..", "vendor", "a/b", "oemName", "evil\u0000name",
                "releaseNotes", "x".repeat(4001)).entrySet()) {
            Map<String, String> params = new java.util.HashMap<>(Map.of("vendor", "gigaset-maxwell", "product",
                    "mx-paths", "version", "1.0"));
            params.put(bad.getKey(), bad.getValue());
            io.restassured.RestAssured.given().auth().oauth2(TestTokens.partnerAdmin("acme"))
                    .contentType("application/octet-stream").queryParams(params).body(image)
                    .post("/api/v1/firmware/artifacts")
                    .then().statusCode(400).contentType("application/problem+json")
                    // a NUL is refused with every request's text, before the upload's own rules
                    .body("code", equalTo(bad.getValue().contains("\u0000") ? "invalid_parameter" : "validation_failed"),
                            "errors[0].field", equalTo(bad.getKey()));
        }
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-paths", "1.0", image,
                Map.of("oemName", "x".repeat(101))).then().statusCode(400);

        String strange = "../../../tmp/Gigaset Ω 日本 " + "é".repeat(60);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-paths", "1.0", image,
                Map.of("oemName", strange, "releaseNotes", "../../etc/shadow\n" + "ü".repeat(1500)))
                .then().statusCode(201).body("oemName", equalTo(strange));

        assertThat(storedFiles()).allMatch(file -> file.matches("sha256/[0-9a-f]{2}/[0-9a-f]{64}"));
        assertThat(Files.exists(java.nio.file.Path.of("/tmp/Gigaset Ω 日本 " + "é".repeat(60)))).isFalse();
    }

    @Test
    void onlyPartnerAdminsAndTheOperatorUpload() {
        upload(TestTokens.partner("acme", "partner"), "gigaset-maxwell", "mx-ro", "1.0", randomBytes(10, 7), Map.of())
                .then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/octet-stream").body(new byte[10])
                .post("/api/v1/firmware/artifacts?vendor=v&product=p&version=1").then().statusCode(401);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-empty", "1.0", new byte[0], Map.of())
                .then().statusCode(400).body("code", equalTo("empty_body"));
    }

    /** 300 MB generated while it is sent: neither the test nor the service ever holds it in memory. */
    @Test
    void aLargeImageStreamsThrough() throws Exception {
        long length = 300L * 1024 * 1024;
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        HttpRequest request = HttpRequest.newBuilder(URI.create(artifacts + "?vendor=gigaset-maxwell&product=mx-big&version=1.0"))
                .header("Authorization", "Bearer " + TestTokens.partnerAdmin("acme"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(length, expected)), length))
                .timeout(Duration.ofMinutes(2))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String sha256 = HexFormat.of().formatHex(expected.digest());
        assertThat(response.body()).contains("\"size\":" + length).contains(sha256);
        assertThat(Files.size(blob(sha256))).isEqualTo(length);
        Files.delete(blob(sha256)); // not worth keeping 300 MB in target/
    }

    /** A deterministic byte stream of the given length that hashes what it hands out. */
    private static final class Generated extends InputStream {

        private final long length;
        private final MessageDigest digest;
        private long position;

        Generated(long length, MessageDigest digest) {
            this.length = length;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                buffer[offset + i] = (byte) (p * 31 + (p >>> 13));
            }
            digest.update(buffer, offset, n);
            position += n;
            return n;
        }
    }
}
