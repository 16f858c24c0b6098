package org.telprov.provisioning.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;

/** A profile names firmware by id only of its own tenant or the platform; another tenant's id is an unknown one. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProfileFirmwareTest {

    private static final String ACME = TestTokens.partnerAdmin("pf-acme");
    private static final String GLOBEX = TestTokens.partnerAdmin("pf-globex");
    private static final String ACME_IMAGE = "a0000000-0000-0000-0000-00000000000a";
    private static final String PLATFORM_IMAGE = "b0000000-0000-0000-0000-00000000000b";
    private static final String UNKNOWN = "c0000000-0000-0000-0000-00000000000c";
    private static boolean published;

    @BeforeEach
    void artifacts() {
        if (!published) {
            artifact(ACME_IMAGE, "pf-acme");
            artifact(PLATFORM_IMAGE, null);
            published = true;
        }
    }

    @Test
    void anotherTenantsArtifactIdIsRefusedExactlyLikeAnUnknownOne() {
        ExtractableResponse<Response> foreign = as(GLOBEX).body(naming("pf-foreign", ACME_IMAGE))
                .post("/api/v1/profiles").then().statusCode(400).contentType("application/problem+json").extract();
        ExtractableResponse<Response> unknown = as(GLOBEX).body(naming("pf-foreign", UNKNOWN))
                .post("/api/v1/profiles").then().statusCode(400).contentType("application/problem+json").extract();
        assertThat(foreign.asString().replace(ACME_IMAGE, "<id>")).isEqualTo(unknown.asString().replace(UNKNOWN, "<id>"));
        assertThat(foreign.<String>path("code")).isEqualTo("unknown_artifact");
        assertThat(foreign.<String>path("errors[0].field")).isEqualTo("firmware.artifactId");
        as(GLOBEX).get("/api/v1/profiles/pf-foreign").then().statusCode(404);

        // its own and the platform's are fine, and a replace is checked like a create
        created(ACME, naming("pf-own", ACME_IMAGE));
        created(GLOBEX, naming("pf-vendor", PLATFORM_IMAGE));
        as(GLOBEX).body(naming("pf-vendor", ACME_IMAGE)).put("/api/v1/profiles/pf-vendor").then().statusCode(400);
    }

    @Test
    void anArtifactTheTenantsChannelPointsAtMayBeNamed() {
        String vendorImage = "d0000000-0000-0000-0000-00000000000d";
        Map<String, FirmwareArtifactRef> refs = Map.of("stable",
                new FirmwareArtifactRef(vendorImage, "9.0", 10, "0".repeat(64), "0".repeat(32)));
        String key = FirmwareChannels.productKey("pf-globex", "gigaset-maxwell", "mx-chan");
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS, key, EventCodec.toJson(
                FirmwareChannels.UPDATED.envelope(new FirmwareChannels("pf-globex", "gigaset-maxwell", "mx-chan", refs,
                        "stable", 1), Instant.now())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(GLOBEX).body(naming("pf-channelled", vendorImage)).post("/api/v1/profiles").then().statusCode(201));
        // the fact is globex's alone
        as(ACME).body(naming("pf-channelled", vendorImage)).post("/api/v1/profiles").then().statusCode(400);
    }

    @Test
    void publishingRefusesAnArtifactIdTheTenantCannotHave() {
        created(GLOBEX, naming("pf-legacy", PLATFORM_IMAGE));
        // as a profile saved before the check could name it
        QuarkusTransaction.requiringNew().run(() -> {
            Profile legacy = Profile.find("tenantId = ?1 and name = ?2", "pf-globex", "pf-legacy").firstResult();
            legacy.content = legacy.content.replace(PLATFORM_IMAGE, ACME_IMAGE);
        });
        as(GLOBEX).post("/api/v1/profiles/pf-legacy/releases").then().statusCode(400)
                .contentType("application/problem+json");
        as(GLOBEX).get("/api/v1/profiles/pf-legacy/releases").then().statusCode(200);
        assertThat(as(GLOBEX).get("/api/v1/profiles/pf-legacy/releases").then().extract().<Integer>path("total"))
                .isZero();
    }

    private static Map<String, Object> naming(String name, String artifactId) {
        Map<String, Object> profile = profile(name, Map.of("A", "1"));
        profile.put("firmware", Map.of("artifactId", artifactId));
        return profile;
    }
}
