package org.telprov.firmware.artifact;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.telprov.firmware.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.blob;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.storedFiles;
import static org.telprov.firmware.Firmware.upload;

/**
 * An image over the configured limit (1 MiB, {@link SharedTestProfile}) is refused with 413, whether its length is
 * declared or not.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class OversizeUploadTest {

    @TestHTTPResource("/api/v1/firmware/artifacts")
    URL artifacts;

    @Test
    void anImageWithADeclaredLengthOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] image = randomBytes(1024 * 1024 + 1, 20);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-huge", "1.0", image, Map.of())
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("too_large"));
        assertNothingKept(image);
    }

    @Test
    void aChunkedImageIsCutOffAtTheLimit() throws Exception {
        byte[] image = randomBytes(1024 * 1024 + 1, 21);
        // ofInputStream has no length: the body goes chunked and only counting it can find it too large
        HttpRequest request = HttpRequest.newBuilder(URI.create(artifacts + "?vendor=gigaset-maxwell&product=mx-huge&version=2.0"))
                .header("Authorization", "Bearer " + TestTokens.partnerAdmin("acme"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(image)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("too_large");
        assertNothingKept(image);

        byte[] fits = randomBytes(1024 * 1024, 22);
        upload(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-huge", "3.0", fits, Map.of())
                .then().statusCode(201);
    }

    private static void assertNothingKept(byte[] image) {
        assertThat(blob(sha256(image))).doesNotExist();
        assertThat(storedFiles()).noneMatch(file -> file.startsWith("incoming"));
        as(TestTokens.partnerAdmin("acme")).queryParam("product", "mx-huge").get("/api/v1/firmware/artifacts")
                .then().statusCode(200).body("items.version", not(hasItem("1.0")), "items.version", not(hasItem("2.0")));
    }
}
