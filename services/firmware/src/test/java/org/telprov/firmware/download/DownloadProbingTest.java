package org.telprov.firmware.download;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.firmware.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;


import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.firmware.Firmware.link;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.uploaded;

/**
 * Refused download links spend the caller's probing budget (three at once, then one every 100 s:
 * {@link SharedTestProfile}); a valid link is never limited.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DownloadProbingTest {

    @Inject
    MeterRegistry registry;

    @Test
    void guessingSignaturesRunsOutOfBudgetButAValidLinkStillDownloads() {
        String artifactId = uploaded(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-probe", "1.0",
                randomBytes(1000, 40));
        String guessed = "/firmware/download/" + artifactId + "?mac=901b0e56e001&expires=4102444800&signature=";
        for (int i = 0; i < 3; i++) {
            RestAssured.given().get(guessed + "%064x".formatted(i)).then().statusCode(403).body(emptyString());
        }
        RestAssured.given().get(guessed + "%064x".formatted(3)).then().statusCode(429).body(emptyString());
        assertThat(registry.get("telprov.firmware.probes.limited").counter().count()).isEqualTo(1);

        RestAssured.given().get(link(TestTokens.partnerAdmin("acme"), artifactId, "901b0e56e001")).then().statusCode(200);
    }
}
