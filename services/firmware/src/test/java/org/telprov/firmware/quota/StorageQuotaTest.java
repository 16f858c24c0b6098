package org.telprov.firmware.quota;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
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
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.firmware.Firmware.as;
import static org.telprov.firmware.Firmware.blob;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.sha256;
import static org.telprov.firmware.Firmware.storedFiles;
import static org.telprov.firmware.Firmware.upload;
import static org.telprov.firmware.Firmware.uploaded;

/** Each scope keeps at most its quota of firmware. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class StorageQuotaTest {

    private static final String ACME = TestTokens.partnerAdmin("quota-acme");
    private static final String GLOBEX = TestTokens.partnerAdmin("quota-globex");

    @TestHTTPResource("/api/v1/firmware/artifacts")
    URL artifacts;

    @Test
    void uploadsStopAtTheScopesQuotaAndDeletingMakesRoom() throws Exception {
        as(TestTokens.operator()).body(Map.of("quotaBytes", 100 * 1024)).put("/api/v1/firmware/quotas/quota-acme")
                .then().statusCode(200).body("quotaBytes", equalTo(100 * 1024), "custom", equalTo(true));
        byte[] first = randomBytes(60 * 1024, 40);
        String firstId = uploaded(ACME, "gigaset-maxwell", "mx-quota", "1.0", first);

        // the same bytes again count again: one copy on disk, but every artifact in full against its scope
        upload(ACME, "gigaset-maxwell", "mx-quota", "1.1", first, Map.of())
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("quota_exceeded"));

        byte[] second = randomBytes(50 * 1024, 41);
        upload(ACME, "gigaset-maxwell", "mx-quota", "2.0", second, Map.of())
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("quota_exceeded"));
        assertNothingKept(second);

        // without a declared length the stream is cut off where the quota ends
        HttpResponse<String> chunked = chunked(ACME, "2.1", second);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"code\":\"quota_exceeded\"");
        assertNothingKept(second);

        // another tenant's quota is its own
        uploaded(GLOBEX, "gigaset-maxwell", "mx-quota", "2.0", second);

        // exactly the quota fits; deleting gives its bytes back
        uploaded(ACME, "gigaset-maxwell", "mx-quota", "3.0", randomBytes(40 * 1024, 42));
        upload(ACME, "gigaset-maxwell", "mx-quota", "3.1", new byte[]{1}, Map.of()).then().statusCode(413);
        as(ACME).delete("/api/v1/firmware/artifacts/" + firstId).then().statusCode(204);
        uploaded(ACME, "gigaset-maxwell", "mx-quota", "4.0", randomBytes(60 * 1024, 44));
    }

    @Test
    void theOperatorSetsQuotasAndAPartnerReadsItsOwn() {
        String partner = TestTokens.partner("quota-reader", "partner");
        as(partner).get("/api/v1/firmware/quotas/quota-reader").then().statusCode(200)
                .body("scope", equalTo("quota-reader"), "quotaBytes", equalTo(10L * 1024 * 1024 * 1024),
                        "usedBytes", equalTo(0), "custom", equalTo(false));
        as(partner).get("/api/v1/firmware/quotas/quota-acme").then().statusCode(404);
        as(partner).get("/api/v1/firmware/quotas/_platform").then().statusCode(404);
        as(TestTokens.partnerAdmin("quota-reader")).body(Map.of("quotaBytes", 1)).put("/api/v1/firmware/quotas/quota-reader")
                .then().statusCode(403);

        String operator = TestTokens.operator();
        as(operator).get("/api/v1/firmware/quotas/_platform").then().statusCode(200)
                .body("quotaBytes", equalTo(50L * 1024 * 1024 * 1024));
        as(operator).body(Map.of("quotaBytes", -1)).put("/api/v1/firmware/quotas/quota-reader").then().statusCode(400);
        as(operator).body(Map.of("quotaBytes", 1)).put("/api/v1/firmware/quotas/Not_A_Tenant").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("scope"));
        as(operator).body(Map.of("quotaBytes", 0)).put("/api/v1/firmware/quotas/quota-reader").then().statusCode(200);
        upload(TestTokens.partnerAdmin("quota-reader"), "gigaset-maxwell", "mx-q0", "1.0", new byte[]{1}, Map.of())
                .then().statusCode(413).body("code", equalTo("quota_exceeded"));
        as(operator).delete("/api/v1/firmware/quotas/quota-reader").then().statusCode(204);
        as(partner).get("/api/v1/firmware/quotas/quota-reader").then().body("custom", equalTo(false));
        uploaded(TestTokens.partnerAdmin("quota-reader"), "gigaset-maxwell", "mx-q0", "1.0", new byte[]{1});
    }

    @Test
    void theGaugesShowEachScopesUsageAndQuota() {
        uploaded(TestTokens.partnerAdmin("quota-gauge"), "gigaset-maxwell", "mx-gauge", "1.0", randomBytes(1000, 43));
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("telprov_firmware_storage_used_bytes{scope=\"quota-gauge\"} 1000.0")
                .contains("telprov_firmware_storage_quota_bytes{scope=\"quota-gauge\"} 1.073741824E10")
                .contains("telprov_firmware_storage_quota_bytes{scope=\"_platform\"}");
    }

    private HttpResponse<String> chunked(String token, String version, byte[] image) throws Exception {
        // ofInputStream has no length: the body goes chunked and only counting it can find it over the quota
        HttpRequest request = HttpRequest.newBuilder(URI.create(artifacts
                        + "?vendor=gigaset-maxwell&product=mx-quota&version=" + version))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(image)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNothingKept(byte[] image) {
        assertThat(blob(sha256(image))).doesNotExist();
        assertThat(storedFiles()).noneMatch(file -> file.startsWith("incoming"));
    }
}
