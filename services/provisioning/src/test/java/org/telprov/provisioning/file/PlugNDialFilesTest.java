package org.telprov.provisioning.file;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.support.link.SignedLinks;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.Provisioning.secret;

/** Plug-n-Dial: the "2 deep" .txt and its .md5, currentversion.txt, and the firmware image's redirect. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class PlugNDialFilesTest {

    private static final String ADMIN = TestTokens.partnerAdmin("pnd-acme");
    private static final String MAC = "000b820c2371";
    private static final String TXT = "/prov/" + MAC + "/000b/820c/000b820c2371.txt";
    private static final String MD5 = "/prov/" + MAC + "/000b/820c/000b820c2371.md5";
    private static final String NO_FIRMWARE_MAC = "000b820c2372";
    private static final String FOREIGN_MAC = "000b820c2373";
    private static final String ARTIFACT = "22222222-3333-4444-5555-666666666666";
    private static final String FIRMWARE = "/prov/" + MAC + "/firmware/leadtek/BVA8051/";
    private static String uvc;

    @ConfigProperty(name = "telprov.links.secret")
    String linkSecret;

    @BeforeEach
    void profilesAndDevices() {
        withoutDeviceAuth(ADMIN);
        if (uvc != null) {
            return;
        }
        Map<String, Object> pnd = profile("pnd", Map.of());
        pnd.put("dialect", "plug-n-dial");
        pnd.put("parameters", List.of(Map.of("name", "sip_user", "value", "1012"),
                Map.of("name", "display_name", "value", "Tom <&> O'Neil"),
                secret("sip_password", "pa55<&>"),
                Map.of("name", "sip_proxy", "value", "sip.example.com")));
        pnd.put("overrides", Map.of(MAC, List.of(Map.of("name", "sip_user", "value", "1099"))));
        artifact(ARTIFACT, "pnd-acme");
        pnd.put("firmware", Map.of("artifactId", ARTIFACT));
        created(ADMIN, pnd);
        uvc = published(ADMIN, "pnd");
        Map<String, Object> plain = profile("pnd-no-firmware", Map.of("sip_user", "2000"));
        plain.put("dialect", "plug-n-dial");
        created(ADMIN, plain);
        published(ADMIN, "pnd-no-firmware");

        DeviceFileChecks.device(MAC, "pnd-acme", "leadtek", "BVA8051", "pnd");
        DeviceFileChecks.device(NO_FIRMWARE_MAC, "pnd-acme", "leadtek", "BVA8051", "pnd-no-firmware");
        DeviceFileChecks.device(FOREIGN_MAC, "pnd-globex", "leadtek", "BVA8051", "pnd");
    }

    @Test
    void theConfigurationIsKeyValueLinesAndItsMd5IsOfExactlyThoseBytes() throws Exception {
        byte[] txt = RestAssured.given().get(TXT).then().statusCode(200)
                .contentType("text/plain; charset=utf-8").extract().asByteArray();
        assertThat(new String(txt, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("plug-n-dial/golden-config.txt", Map.of()));
        byte[] md5 = RestAssured.given().get(MD5).then().statusCode(200)
                .contentType("text/plain; charset=utf-8").extract().asByteArray();
        assertThat(new String(md5, StandardCharsets.US_ASCII))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(txt)))
                .matches("[0-9a-f]{32}");

        // the directory and any form of the MAC in the base serve the same file
        for (String path : new String[]{"/prov/" + MAC + "/", "/prov/00:0B:82:0C:23:71/000b/820c/000b820c2371.txt",
                "/prov/000B820C2371/000b/820c/000b820c2371.txt"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).extract().asByteArray()).as(path)
                    .isEqualTo(txt);
        }
    }

    @Test
    void onlyTheDevicesOwnLowerCasePathIsServed() {
        // the device's own path is served, so the 404s below come from the path, not from a lookup that fails
        RestAssured.given().get(TXT).then().statusCode(200);
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/000B/820C/000b820c2371.txt",
                "/prov/" + MAC + "/000b/820c/000B820C2371.txt", "/prov/" + MAC + "/000b/820d/000b820c2371.txt",
                "/prov/" + MAC + "/820c/000b/000b820c2371.txt", "/prov/" + MAC + "/000b/820c/000b820c2372.txt",
                "/prov/" + MAC + "/000b/820c/000b820c2371.cfg", "/prov/" + MAC + "/000b/820c/00:0b:82:0c:23:71.txt",
                "/prov/" + MAC + "/000b820c2371.txt", "/prov/" + FOREIGN_MAC + "/000b/820c/000b820c2373.txt",
                "/prov/000b820c2399/000b/820c/000b820c2399.txt");
    }

    @Test
    void currentVersionNamesTheReleasesImageForTheDevicesVendorAndModel() {
        String expected = DeviceFileChecks.golden("plug-n-dial/golden-currentversion.txt", Map.of("artifact", ARTIFACT));
        for (String path : new String[]{FIRMWARE + "currentversion.txt",
                "/prov/" + MAC + "/firmware/LEADTEK/bva8051/currentversion.txt"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).contentType("text/plain; charset=utf-8")
                    .extract().asString()).as(path).isEqualTo(expected);
        }
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/firmware/gigaset/BVA8051/currentversion.txt",
                "/prov/" + MAC + "/firmware/leadtek/BVA8052/currentversion.txt",
                "/prov/" + NO_FIRMWARE_MAC + "/firmware/leadtek/BVA8051/currentversion.txt",
                "/prov/" + NO_FIRMWARE_MAC + "/firmware/leadtek/BVA8051/" + ARTIFACT + ".bin",
                "/prov/" + FOREIGN_MAC + "/firmware/leadtek/BVA8051/currentversion.txt");
    }

    @Test
    void theImageRedirectsToALinkTheFirmwareServiceAccepts() {
        Response response = RestAssured.given().redirects().follow(false).get(FIRMWARE + ARTIFACT + ".bin");
        assertThat(response.statusCode()).isEqualTo(302);
        URI link = URI.create(response.header("Location"));
        assertThat(link.getHost()).isEqualTo("firmware.telprov.test");
        assertThat(link.getPath()).isEqualTo("/firmware/download/" + ARTIFACT);
        Map<String, String> query = DeviceFileChecks.query(link);
        assertThat(query.get("mac")).isEqualTo(MAC);
        assertThat(query.get("tenant")).isEqualTo("pnd-acme");
        assertThat(new SignedLinks(linkSecret).verify(ARTIFACT, "pnd-acme", MAC, query.get("expires"), query.get("signature"),
                Instant.now().plus(Duration.ofDays(7)))).isTrue();

        DeviceFileChecks.emptyNotFound(FIRMWARE + "other.bin", FIRMWARE + ARTIFACT + ".BIN",
                "/prov/" + MAC + "/firmware/other/BVA8051/" + ARTIFACT + ".bin");
        assertThat(DeviceFileChecks.checkin(MAC, "firmware-image").uvc()).isEqualTo(uvc);
    }

    @Test
    void otherDialectsFilesAreEmpty404s() {
        RestAssured.given().get(TXT).then().statusCode(200);
        RestAssured.given().get(MD5).then().statusCode(200);
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/provisioning.xml", "/prov/" + MAC + "/firmware/updates.xml",
                "/prov/" + MAC + "/nvm/updates.xml", "/prov/" + MAC + "/references.xml",
                "/prov/" + MAC + "/settings.xml", "/prov/" + MAC + "/000B820C2371.xml");
    }

    @Test
    void aDeviceThatHasTheFileGetsNotModifiedAndEveryFileIsACheckIn() {
        Response first = RestAssured.given().header("User-Agent", "BVA8051/1.2").get(TXT);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        RestAssured.given().header("If-None-Match", etag).get(TXT)
                .then().statusCode(304).header("ETag", etag).body(emptyString());
        RestAssured.given().get(MD5).then().statusCode(200);
        RestAssured.given().get(FIRMWARE + "currentversion.txt").then().statusCode(200);

        DeviceCheckin config = DeviceFileChecks.checkin(MAC, "config.txt");
        assertThat(config.uvc()).isEqualTo(uvc);
        assertThat(config.tenantId()).isEqualTo("pnd-acme");
        assertThat(DeviceFileChecks.checkin(MAC, "config.md5").uvc()).isEqualTo(uvc);
        assertThat(DeviceFileChecks.checkin(MAC, "currentversion.txt").uvc()).isEqualTo(uvc);
    }
}
