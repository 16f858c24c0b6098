package org.telprov.provisioning.release;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Profile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.awaitDeviceVersion;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.labelledDevice;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.Provisioning.send;
import static org.telprov.provisioning.release.ReleasePinTest.settings;
import static org.telprov.provisioning.release.ReleasePinTest.updatesUvc;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class StagedReleaseTest {

    private static final String ADMIN = TestTokens.partnerAdmin("stage-acme");
    private static final String READER = TestTokens.partner("stage-acme", "partner");

    @BeforeEach
    void openDevices() {
        withoutDeviceAuth(ADMIN);
    }

    @Test
    void aReleaseForALabelReachesOnlyTheDevicesWithItUntilWidenedToAll() throws Exception {
        String beta = "901b0e5b0001";
        String alsoBeta = "901b0e5b0002";
        String plain = "901b0e5b0003";
        created(ADMIN, profile("labelled", Map.of("A", "1")));
        String base = published(ADMIN, "labelled");
        for (EventLike device : List.of(new EventLike(beta, List.of("beta", "floor-2")),
                new EventLike(alsoBeta, List.of("beta")), new EventLike(plain, List.of("betamax")))) {
            send(labelledDevice(device.mac(), "stage-acme", "labelled", device.labels()));
            awaitDeviceVersion(device.mac(), 1);
        }

        as(ADMIN).body(profile("labelled", Map.of("A", "2"))).put("/api/v1/profiles/labelled").then().statusCode(200);
        String staged = as(ADMIN).queryParam("label", "beta").post("/api/v1/profiles/labelled/releases")
                .then().statusCode(201)
                .body("audience.type", equalTo("label")).body("audience.label", equalTo("beta"))
                .body("audience.percent", nullValue())
                .extract().path("uvc");

        assertThat(updatesUvc(beta)).isEqualTo(staged);
        assertThat(updatesUvc(alsoBeta)).isEqualTo(staged);
        assertThat(updatesUvc(plain)).isEqualTo(base);
        assertThat(settings(plain, base)).containsEntry("A", "1");
        as(READER).get("/api/v1/profiles/labelled/releases/" + base).then().statusCode(200)
                .body("audience.type", equalTo("all"));

        as(ADMIN).body(Map.of("audience", "all")).patch("/api/v1/profiles/labelled/releases/" + staged)
                .then().statusCode(200).body("audience.type", equalTo("all")).body("audience.label", nullValue())
                .body("parameters[0].value", equalTo("2"));
        assertThat(updatesUvc(plain)).isEqualTo(staged);
        assertThat(settings(plain, staged)).containsEntry("A", "2");
    }

    @Test
    void aPercentageReachesTheDevicesBelowItsBucketAndKeepsThemWhenWidenedOrRepublished() throws Exception {
        created(ADMIN, profile("canary", Map.of("A", "1")));
        String base = published(ADMIN, "canary");
        UUID profileId = QuarkusTransaction.requiringNew().call(() -> Profile.<Profile>find(
                "tenantId = ?1 and name = ?2", "stage-acme", "canary").firstResult().id);
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String mac = String.format("901b0e5c%04x", i);
            macs.add(mac);
            send(labelledDevice(mac, "stage-acme", "canary", List.of()));
        }
        macs.forEach(mac -> awaitDeviceVersion(mac, 1));

        String thirty = as(ADMIN).queryParam("percent", "30").post("/api/v1/profiles/canary/releases")
                .then().statusCode(201).body("audience.type", equalTo("percent")).body("audience.percent", equalTo(30))
                .extract().path("uvc");
        Map<String, String> got = got(macs);
        assertThat(got.values()).contains(thirty, base);
        macs.forEach(mac -> assertThat(got.get(mac)).as(mac).isEqualTo(bucket(profileId, mac) < 30 ? thirty : base));

        as(ADMIN).body(Map.of("percent", 60)).patch("/api/v1/profiles/canary/releases/" + thirty)
                .then().statusCode(200).body("audience.percent", equalTo(60));
        Map<String, String> widened = got(macs);
        macs.forEach(mac -> assertThat(widened.get(mac)).as(mac).isEqualTo(bucket(profileId, mac) < 60 ? thirty : base));
        got.forEach((mac, uvc) -> {
            if (uvc.equals(thirty)) {
                assertThat(widened.get(mac)).as("still in: " + mac).isEqualTo(thirty);
            }
        });

        // a new release for 30 percent reaches the same devices; the ones from 30 to 60 keep the widened one
        String next = as(ADMIN).queryParam("percent", "30").post("/api/v1/profiles/canary/releases")
                .then().statusCode(201).extract().path("uvc");
        Map<String, String> republished = got(macs);
        macs.forEach(mac -> {
            int bucket = bucket(profileId, mac);
            assertThat(republished.get(mac)).as(mac).isEqualTo(bucket < 30 ? next : bucket < 60 ? thirty : base);
        });

        // a pin wins over the audience
        String outside = macs.stream().filter(mac -> bucket(profileId, mac) >= 60).findFirst().orElseThrow();
        as(ADMIN).body(Map.of("uvc", next)).put("/api/v1/profiles/canary/pins/" + outside).then().statusCode(201);
        assertThat(updatesUvc(outside)).isEqualTo(next);

        as(ADMIN).body(Map.of("percent", 20)).patch("/api/v1/profiles/canary/releases/" + thirty)
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("audience_not_wider"));
        as(ADMIN).body(Map.of("percent", 100)).patch("/api/v1/profiles/canary/releases/" + thirty)
                .then().statusCode(200).body("audience.type", equalTo("all"));
        as(ADMIN).body(Map.of("percent", 90)).patch("/api/v1/profiles/canary/releases/" + thirty)
                .then().statusCode(409).body("code", equalTo("audience_not_wider"));
        Map<String, String> all = got(macs);
        macs.forEach(mac -> assertThat(all.get(mac)).as(mac)
                .isEqualTo(bucket(profileId, mac) < 30 || mac.equals(outside) ? next : thirty));
    }

    @Test
    void badAudiencesAreProblemsAndOnlyPartnerAdminsStage() {
        created(ADMIN, profile("checked-stage", Map.of("A", "1")));
        String uvc = as(ADMIN).queryParam("label", "beta").post("/api/v1/profiles/checked-stage/releases")
                .then().statusCode(201).extract().path("uvc");
        String path = "/api/v1/profiles/checked-stage/releases";
        for (Map<String, String> query : List.of(Map.of("percent", "0"), Map.of("percent", "101"),
                Map.of("percent", "ten"), Map.of("percent", "10", "label", "beta"), Map.of("label", "no spaces"),
                Map.of("label", "-leading"))) {
            String field = query.containsKey("label") && !query.containsKey("percent") ? "label" : "percent";
            as(ADMIN).queryParams(query).post(path).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_parameter"))
                    .body("errors[0].field", equalTo(field));
        }
        as(READER).queryParam("percent", "10").post(path).then().statusCode(403);
        as(READER).body(Map.of("audience", "all")).patch(path + "/" + uvc).then().statusCode(403);

        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("percent", 50, "audience", "all"),
                Map.of("audience", "some"), Map.of("percent", 0))) {
            as(ADMIN).body(body).patch(path + "/" + uvc).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("validation_failed"));
        }
        // a label release widens to all only
        as(ADMIN).body(Map.of("percent", 50)).patch(path + "/" + uvc).then().statusCode(409)
                .body("code", equalTo("audience_not_wider"));
        as(ADMIN).body(Map.of("audience", "all")).patch(path + "/2001-01-01_00:00:00").then().statusCode(404)
                .contentType("application/problem+json");
        as(READER).get(path + "/" + uvc).then().statusCode(200).body("audience.label", equalTo("beta"));
    }

    private record EventLike(String mac, List<String> labels) {
    }

    /** The UVC each device's {@code nvm/updates.xml} names. */
    private static Map<String, String> got(List<String> macs) throws Exception {
        Map<String, String> got = new LinkedHashMap<>();
        for (String mac : macs) {
            got.put(mac, updatesUvc(mac));
        }
        return got;
    }

    /** The rule docs/device-files.md states: the first 4 bytes of md5(profile id + MAC), unsigned, mod 100. */
    private static int bucket(UUID profileId, String mac) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest((profileId + mac).getBytes(StandardCharsets.UTF_8));
            return (int) (Long.parseLong(HexFormat.of().formatHex(md5, 0, 4), 16) % 100);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
