package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/** Device path segments are checked by their format before any lookup; nothing a client invents is kept. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DevicePathValidationTest {

    private static final String ADMIN = TestTokens.partnerAdmin("path-acme");
    private static final String MAC = "901b0e7c0001";
    private static String uvc;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void aDeviceWithARelease() {
        if (uvc != null) {
            return;
        }
        Map<String, Object> paths = profile("paths", Map.of("SIP.Account.0.AuthName", "1012"));
        paths.put("certificates", List.of(Map.of("name", "ca", "data", resource("ca.pem"))));
        // the files are fetched without credentials: what is checked here is the path, not Digest
        withoutDeviceAuth(ADMIN);
        created(ADMIN, paths);
        uvc = published(ADMIN, "paths");
        device(MAC, "path-acme", "paths");
    }

    @Test
    void inventedUvcsAreRefusedBeforeAnyLookupAndUnknownOnesReadNoDatabase() {
        RestAssured.given().get("/prov/" + MAC + "/nvm/" + uvc + "/settings.xml").then().statusCode(200);
        double lookups = lookups();
        double reads = contentReads();

        for (int i = 0; i < 300; i++) {
            String invented = UUID.randomUUID() + "-" + UUID.randomUUID();
            notFound("/prov/" + MAC + "/nvm/" + invented + "/settings.xml");
            notFound("/prov/" + MAC + "/custom/" + invented + "/ca.pem");
        }
        assertThat(lookups()).isEqualTo(lookups);

        // well-formed UVCs of no release are looked up (and paid from the probing budget), in memory only
        for (int second = 0; second < 60; second++) {
            notFound("/prov/" + MAC + "/nvm/2001-01-01_00:00:%02d/settings.xml".formatted(second));
        }
        assertThat(lookups()).isGreaterThan(lookups);
        assertThat(contentReads()).isEqualTo(reads);
    }

    @Test
    void anOverlongOrMalformedUvcIsTheEmpty404() {
        notFound("/prov/" + MAC + "/nvm/" + "2".repeat(4000) + "/settings.xml",
                "/prov/" + MAC + "/nvm/2026-13-01_00:00:00/settings.xml",
                "/prov/" + MAC + "/nvm/2026-01-01T00:00:00/settings.xml",
                "/prov/" + MAC + "/nvm/" + uvc + "x/settings.xml",
                "/prov/" + MAC + "/custom/" + uvc.replace("_", "%20") + "/ca.pem",
                "/prov/" + MAC + "/nvm/%27%20or%201=1--/settings.xml");
    }

    @Test
    void aNulInAnyDevicePathSegmentIsNeverA500() {
        for (String path : List.of("/prov/" + MAC + "/custom/%00/ca.pem", "/prov/" + MAC + "/nvm/%00/settings.xml",
                "/prov/" + MAC + "/custom/" + uvc + "/%00.pem", "/prov/" + MAC + "/firmware/%00/mx3b/currentversion.txt",
                "/prov/" + MAC + "/firmware/gigaset/%00/x.bin", "/prov/%00/", "/prov/" + MAC + "/%00.xml",
                "/prov/" + MAC + "/%00/%00/%00")) {
            // the empty 404 of the device path, or the 400 of a filter refusing control characters in every path
            int status = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(path)
                    .statusCode();
            assertThat(status).as(path).isIn(400, 404);
        }
    }

    private double lookups() {
        return registry.get("telprov.provisioning.release.lookups").counter().count();
    }

    private double contentReads() {
        return registry.get("telprov.provisioning.release.content.reads").counter().count();
    }

    private static void notFound(String... paths) {
        for (String path : paths) {
            RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(path).then()
                    .statusCode(404).body(emptyString());
        }
    }
}
