package org.telprov.provisioning.file;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.support.link.SignedLinks;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.secret;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class MaxwellFilesTest {

    private static final String ADMIN = TestTokens.partnerAdmin("mx-acme");
    private static final String MAC = "901b0e56c7bc";
    private static final String OTHER_MAC = "901b0e56c7bd";
    private static final String ARTIFACT = "11111111-2222-3333-4444-555555555555";
    private static final String BASE = "https://prov.telprov.test/prov/" + MAC;
    private static final String DISPLAY_NAME = "Tom \"<&>\" O'Neil";
    private static String uvc;

    @ConfigProperty(name = "telprov.links.secret")
    String linkSecret;

    @BeforeEach
    void officeProfileAndDevices() {
        withoutDeviceAuth(ADMIN);
        if (uvc != null) {
            return;
        }
        Map<String, Object> office = profile("office", Map.of());
        office.put("parameters", List.of(
                Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", "SIP.Account.0.DisplayName", "value", DISPLAY_NAME),
                secret("SIP.Account.0.AuthPassword", "pa55")));
        office.put("certificates", List.of(Map.of("name", "office-ca", "data", resource("ca.pem"))));
        artifact(ARTIFACT, "mx-acme");
        office.put("firmware", Map.of("artifactId", ARTIFACT));
        office.put("overrides", Map.of("90:1b:0e:56:c7:bc", List.of(
                Map.of("name", "SIP.Account.0.AuthName", "value", "1099"),
                Map.of("name", "SIP.Account.0.Username", "value", "1099"))));
        created(ADMIN, office);
        uvc = published(ADMIN, "office");
        device(MAC, "mx-acme", "office");
        device(OTHER_MAC, "mx-acme", "office");
    }

    @Test
    void theFilesMatchTheGoldenFilesAndTheSeedExamplesStructure() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("provisioning", "/prov/" + MAC + "/provisioning.xml");
        files.put("firmware", "/prov/" + MAC + "/firmware/updates.xml");
        files.put("nvm", "/prov/" + MAC + "/nvm/updates.xml");
        files.put("custom", "/prov/" + MAC + "/custom/updates.xml");
        files.put("settings", "/prov/" + MAC + "/nvm/" + uvc + "/settings.xml");

        String firmwareUrl = null;
        for (Map.Entry<String, String> file : files.entrySet()) {
            byte[] body = RestAssured.given().get(file.getValue()).then().statusCode(200)
                    .contentType("application/xml; charset=utf-8").extract().asByteArray();
            Document document = StrictXml.parse(body);
            if (file.getKey().equals("firmware")) {
                firmwareUrl = ((Element) document.getElementsByTagName("file").item(0)).getAttribute("url");
            }
            String golden = resource("maxwell-1.0/golden-" + file.getKey() + ".xml")
                    .replace("${base}", BASE).replace("${uvc}", uvc)
                    .replace("${firmware}", firmwareUrl == null ? "" : firmwareUrl.replace("&", "&amp;"));
            assertThat(new String(body, StandardCharsets.UTF_8)).as(file.getKey()).isEqualTo(golden);
            Document seed = StrictXml.parse(resource("maxwell-1.0/seed-" + file.getKey() + ".xml")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(StrictXml.structure(document)).as(file.getKey()).isEqualTo(StrictXml.structure(seed));
        }

        // the steps of one release name one UVC; the firmware link is signed for this device
        URI link = URI.create(firmwareUrl);
        assertThat(link.getHost()).isEqualTo("firmware.telprov.test");
        assertThat(link.getPath()).isEqualTo("/firmware/download/" + ARTIFACT);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : link.getQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThat(query.get("tenant")).isEqualTo("mx-acme");
        assertThat(new SignedLinks(linkSecret).verify(ARTIFACT, "mx-acme", MAC, query.get("expires"), query.get("signature"),
                Instant.now().plus(Duration.ofDays(7)))).isTrue();

        String pem = RestAssured.given().get("/prov/" + MAC + "/custom/" + uvc + "/office-ca.pem").then().statusCode(200)
                .contentType("application/x-pem-file").extract().asString();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void everyValueStaysAValue() throws Exception {
        byte[] body = RestAssured.given().get("/prov/" + OTHER_MAC + "/nvm/" + uvc + "/settings.xml")
                .then().statusCode(200).extract().asByteArray();
        NodeList params = StrictXml.parse(body).getElementsByTagName("param");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            values.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        // another device gets the profile's values, without this device's overrides
        assertThat(values).containsExactly(Map.entry("SIP.Account.0.AuthName", "1012"),
                Map.entry("SIP.Account.0.DisplayName", DISPLAY_NAME), Map.entry("SIP.Account.0.AuthPassword", "pa55"));
    }

    @Test
    void theDirectoryAndAnyMacFormAnswerProvisioningXml() {
        String expected = RestAssured.given().get("/prov/" + MAC + "/provisioning.xml").then().statusCode(200)
                .extract().asString();
        for (String path : new String[]{"/prov/" + MAC, "/prov/" + MAC + "/", "/prov/90:1B:0E:56:C7:BC/provisioning.xml",
                "/prov/90-1b-0e-56-c7-bc/"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).extract().asString()).as(path)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aDeviceThatHasTheFileGetsNotModified() {
        String path = "/prov/" + MAC + "/nvm/updates.xml";
        Response first = RestAssured.given().get(path);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        Response second = RestAssured.given().get(path);
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(second.header("ETag")).isEqualTo(etag);
        RestAssured.given().header("If-None-Match", etag).get(path)
                .then().statusCode(304).header("ETag", etag).body(emptyString());
        RestAssured.given().header("If-None-Match", "\"other\"").get(path).then().statusCode(200);
        RestAssured.given().head(path).then().statusCode(200).header("ETag", etag)
                .contentType("application/xml; charset=utf-8");
    }

    @Test
    void whatADeviceDoesNotGetIsAnEmpty404() {
        device("901b0e56c701", "mx-acme", null);
        device("901b0e56c702", "mx-acme", "never-published");
        device("901b0e56c703", "mx-globex", "office");
        device(DeviceSnapshot.REGISTERED, "901b0e56c704", "mx-acme", "mx3b", "office", 1);
        device(DeviceSnapshot.RELEASED, "901b0e56c704", "mx-acme", "mx3b", "office", 2);
        created(ADMIN, profile("never-published", Map.of("A", "1")));

        for (String path : new String[]{"/prov/000000000001/provisioning.xml", "/prov/not-a-mac/provisioning.xml",
                "/prov/901b0e56c701/provisioning.xml", "/prov/901b0e56c702/provisioning.xml",
                "/prov/901b0e56c703/provisioning.xml", "/prov/901b0e56c704/provisioning.xml",
                "/prov/" + MAC + "/nvm/2001-01-01_00:00:00/settings.xml", "/prov/" + MAC + "/custom/" + uvc + "/x.pem"}) {
            RestAssured.given().get(path).then().statusCode(404).body(emptyString());
        }
        RestAssured.given().get("/prov/901b0e56c704/nvm/" + uvc + "/settings.xml").then().statusCode(404);
    }

    @Test
    void stepThreeServesTheReleaseStepTwoNamedEvenAfterANewPublish() throws Exception {
        Map<String, Object> profile = profile("two-step", Map.of("A", "old"));
        created(ADMIN, profile);
        String first = published(ADMIN, "two-step");
        device("901b0e56c710", "mx-acme", "two-step");
        String settingsUrl = ((Element) StrictXml.parse(RestAssured.given().get("/prov/901b0e56c710/nvm/updates.xml")
                .asByteArray()).getElementsByTagName("file").item(0)).getAttribute("url");
        assertThat(settingsUrl).contains("/nvm/" + first + "/");

        as(ADMIN).body(profile("two-step", Map.of("A", "new"))).put("/api/v1/profiles/two-step").then().statusCode(200);
        String second = published(ADMIN, "two-step");
        assertThat(RestAssured.given().get(URI.create(settingsUrl).getPath()).asString()).contains("value=\"old\"");
        assertThat(RestAssured.given().get("/prov/901b0e56c710/nvm/" + second + "/settings.xml").asString())
                .contains("value=\"new\"");
        // a category the release does not have
        RestAssured.given().get("/prov/901b0e56c710/custom/updates.xml").then().statusCode(404).body(emptyString());
        assertThat(RestAssured.given().get("/prov/901b0e56c710/provisioning.xml").asString())
                .contains("type=\"nvm\"").doesNotContain("type=\"custom\"").doesNotContain("type=\"firmware\"");
    }

    @Test
    void everyServedFileIsADeviceFetchedCheckIn() {
        RestAssured.given().header("User-Agent", "Maxwell 3B/2.58").get("/prov/" + OTHER_MAC + "/custom/updates.xml")
                .then().statusCode(200);
        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(),
                Topics.DEVICE_CHECKINS, r -> OTHER_MAC.equals(r.key()) && r.value().contains("\"custom/updates.xml\""),
                Duration.ofSeconds(30)).value());
        assertThat(event.type()).isEqualTo(DeviceCheckin.FETCHED.type());
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        assertThat(checkin.service()).isEqualTo("provisioning");
        assertThat(checkin.files()).contains("custom/updates.xml");
        assertThat(checkin.uvc()).isEqualTo(uvc);
        assertThat(checkin.tenantId()).isEqualTo("mx-acme");
        assertThat(checkin.userAgent()).isEqualTo("Maxwell 3B/2.58");
        assertThat(checkin.sourceIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void httpDigestCredentialsComeInTheirOwnFileBeforeTheSettingsTheyProtect() throws Exception {
        Map<String, Object> secured = profile("secured", Map.of());
        secured.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", "System.Security.HTTPAuthUsername", "value", "profile-user"),
                secret("System.Security.HTTPAuthPassword", "s3cret<&>\"")));
        secured.put("overrides", Map.of("901b0e56c720", List.of(
                Map.of("name", "System.Security.HTTPAuthUsername", "value", "device-user"))));
        created(ADMIN, secured);
        String release = published(ADMIN, "secured");
        device("901b0e56c720", "mx-acme", "secured");
        String base = "https://prov.telprov.test/prov/901b0e56c720";
        Map<String, String> values = Map.of("base", base, "uvc", release);

        byte[] updates = RestAssured.given().get("/prov/901b0e56c720/nvm/updates.xml").then().statusCode(200)
                .extract().asByteArray();
        assertThat(new String(updates, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.0/golden-nvm-credentials.xml", values));
        assertThat(StrictXml.structure(StrictXml.parse(updates))).isEqualTo(StrictXml.structure(
                StrictXml.parse(resource("maxwell-1.0/seed-nvm.xml").getBytes(StandardCharsets.UTF_8))));

        byte[] credentials = RestAssured.given().get("/prov/90:1B:0E:56:C7:20/nvm/" + release + "/credentials.xml")
                .then().statusCode(200).contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(credentials, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.0/golden-credentials.xml", values));
        // the seed's own example of this stage is exactly such a file
        assertThat(StrictXml.structure(StrictXml.parse(credentials))).isEqualTo(StrictXml.structure(
                StrictXml.parse(resource("maxwell-1.0/seed-settings.xml").getBytes(StandardCharsets.UTF_8))));
        assertThat(RestAssured.given().get("/prov/901b0e56c720/nvm/" + release + "/settings.xml").then()
                .statusCode(200).extract().asString())
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.0/golden-settings-without-credentials.xml", values));

        assertThat(DeviceFileChecks.checkin("901b0e56c720", "nvm/credentials.xml").uvc()).isEqualTo(release);
        assertThat(DeviceFileChecks.checkin("901b0e56c720", "nvm/settings.xml").uvc()).isEqualTo(release);
    }

    @Test
    void aDeviceOverrideAloneStartsTheCredentialStageAndCredentialsAloneHaveNoSettingsFile() throws Exception {
        Map<String, Object> byOverride = profile("override-secured", Map.of("SIP.Account.0.AuthName", "1012"));
        byOverride.put("overrides", Map.of("901b0e56c721", List.of(
                Map.of("name", "System.Security.HTTPAuthPassword", "value", "only-this-one"))));
        created(ADMIN, byOverride);
        published(ADMIN, "override-secured");
        device("901b0e56c721", "mx-acme", "override-secured");
        device("901b0e56c722", "mx-acme", "override-secured");
        assertThat(nvmFiles("901b0e56c721")).containsExactly("credentials.xml", "settings.xml");
        assertThat(nvmFiles("901b0e56c722")).containsExactly("settings.xml");

        Map<String, Object> only = profile("credentials-only", Map.of("System.Security.HTTPAuthUsername", "u"));
        created(ADMIN, only);
        String release = published(ADMIN, "credentials-only");
        device("901b0e56c723", "mx-acme", "credentials-only");
        assertThat(nvmFiles("901b0e56c723")).containsExactly("credentials.xml");
        DeviceFileChecks.emptyNotFound("/prov/901b0e56c723/nvm/" + release + "/settings.xml");
        RestAssured.given().get("/prov/901b0e56c722/nvm/" + release + "/credentials.xml").then().statusCode(404);
    }

    private static List<String> nvmFiles(String mac) throws Exception {
        NodeList files = StrictXml.parse(RestAssured.given().get("/prov/" + mac + "/nvm/updates.xml").then()
                .statusCode(200).extract().asByteArray()).getElementsByTagName("file");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < files.getLength(); i++) {
            String url = ((Element) files.item(i)).getAttribute("url");
            names.add(url.substring(url.lastIndexOf('/') + 1));
        }
        return names;
    }

    @Test
    void theFilesOfOtherDialectsAndAnyOtherPathAreEmpty404s() {
        // the device's own files are served, so the 404s below come from the paths, not from a lookup that fails
        RestAssured.given().get("/prov/" + MAC + "/nvm/updates.xml").then().statusCode(200);
        RestAssured.given().get("/prov/" + MAC + "/nvm/" + uvc + "/settings.xml").then().statusCode(200);
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/references.xml", "/prov/" + MAC + "/settings.xml",
                "/prov/" + MAC + "/901B0E56C7BC.xml", "/prov/" + MAC + "/901b/0e56/901b0e56c7bc.txt",
                "/prov/" + MAC + "/901b/0e56/901b0e56c7bc.md5",
                "/prov/" + MAC + "/firmware/gigaset-maxwell/mx3b/currentversion.txt",
                "/prov/" + MAC + "/firmware/gigaset-maxwell/mx3b/" + ARTIFACT + ".bin",
                "/prov/" + MAC + "/nvm/" + uvc + "/other.xml", "/prov/" + MAC + "/somewhere/else/entirely/deep",
                "/prov/" + MAC + "/x");
    }

    @Test
    void theTestParserRefusesDoctypesAndExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> StrictXml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("DOCTYPE");
    }
}
