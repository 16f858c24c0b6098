package org.telprov.provisioning.file;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.secret;

/** Gigaset Maxwell 1.1: general parameters with a Redirect step to the phone's own %MACD.xml. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class Maxwell11FilesTest {

    private static final String ADMIN = TestTokens.partnerAdmin("m11-acme");
    private static final String MAC = "901b0e561101";
    private static final String PLAIN_MAC = "901b0e561102";
    private static final String FOREIGN_MAC = "901b0e561103";
    private static final String BASE = "https://prov.telprov.test/prov/" + MAC;
    private static String uvc;

    @BeforeEach
    void profileAndDevices() {
        withoutDeviceAuth(ADMIN);
        if (uvc != null) {
            return;
        }
        Map<String, Object> office = profile("m11-office", Map.of());
        office.put("dialect", "maxwell-1.1");
        office.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", "SIP.Account.0.DisplayName", "value", "Tom \"<&>\" O'Neil"),
                secret("SIP.Account.0.AuthPassword", "sip <secret>"),
                Map.of("name", "System.Security.HTTPAuthUsername", "value", "prov-user"),
                secret("System.Security.HTTPAuthPassword", "pa55<&>")));
        office.put("overrides", Map.of("90:1B:0E:56:11:01", List.of(
                Map.of("name", "SIP.Account.0.DisplayName", "value", "1012_3 <&>"),
                Map.of("name", "SIP.Account.0.AuthName", "value", "1099"))));
        created(ADMIN, office);
        uvc = published(ADMIN, "m11-office");
        device(MAC, "m11-acme", "m11-office");
        device(PLAIN_MAC, "m11-acme", "m11-office");
        // another tenant's device naming a profile of that name, which only m11-acme has
        device(FOREIGN_MAC, "m11-globex", "m11-office");
    }

    @Test
    void theFilesMatchTheGoldenFilesAndTheSeedExamplesStructure() throws Exception {
        Map<String, String> values = Map.of("base", BASE, "uvc", uvc);
        byte[] provisioning = RestAssured.given().get("/prov/" + MAC + "/provisioning.xml").then().statusCode(200)
                .contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(provisioning, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.1/golden-provisioning.xml", values));
        assertThat(StrictXml.structure(StrictXml.parse(provisioning))).isEqualTo(seed("provisioning"));

        byte[] credentials = RestAssured.given().get("/prov/" + MAC + "/credentials.xml").then().statusCode(200)
                .contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(credentials, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.1/golden-credentials.xml", values));
        assertThat(StrictXml.structure(StrictXml.parse(credentials))).isEqualTo(seed("provisioning"));

        byte[] device = RestAssured.given().get("/prov/" + MAC + "/901B0E561101.xml").then().statusCode(200)
                .contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(device, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("maxwell-1.1/golden-device.xml", values));
        assertThat(StrictXml.structure(StrictXml.parse(device))).isEqualTo(seed("device"));
    }

    @Test
    void secretsAndCredentialsStayOutOfTheFirstFileAndTheRedirectsKeepTheLiteralMacdMarker() throws Exception {
        Document provisioning = StrictXml.parse(RestAssured.given().get("/prov/" + PLAIN_MAC + "/").then()
                .statusCode(200).extract().asByteArray());
        assertThat(params(provisioning)).containsExactly(Map.entry("SIP.Account.0.AuthName", "1012"),
                Map.entry("SIP.Account.0.DisplayName", "Tom \"<&>\" O'Neil"));
        Element step = (Element) provisioning.getElementsByTagName("step").item(0);
        assertThat(step.getAttribute("type")).isEqualTo("Redirect");
        assertThat(step.getAttribute("url")).isEqualTo("https://prov.telprov.test/prov/" + PLAIN_MAC
                + "/credentials.xml");

        Document credentials = StrictXml.parse(RestAssured.given().get("/prov/" + PLAIN_MAC + "/credentials.xml")
                .then().statusCode(200).extract().asByteArray());
        assertThat(params(credentials)).containsExactly(Map.entry("System.Security.HTTPAuthUsername", "prov-user"),
                Map.entry("System.Security.HTTPAuthPassword", "pa55<&>"));
        assertThat(((Element) credentials.getElementsByTagName("step").item(0)).getAttribute("url"))
                .isEqualTo("https://prov.telprov.test/prov/" + PLAIN_MAC + "/%MACD.xml");

        // a device without overrides gets the UVC and the secret general parameters
        Document device = StrictXml.parse(RestAssured.given().get("/prov/" + PLAIN_MAC + "/" + PLAIN_MAC + ".xml")
                .then().statusCode(200).extract().asByteArray());
        assertThat(params(device)).containsExactly(Map.entry("System.Provision.SettingsVersion", uvc),
                Map.entry("SIP.Account.0.AuthPassword", "sip <secret>"));
        Document own = StrictXml.parse(RestAssured.given().get("/prov/" + MAC + "/" + MAC + ".xml")
                .then().statusCode(200).extract().asByteArray());
        assertThat(params(own)).containsEntry("SIP.Account.0.DisplayName", "1012_3 <&>");
    }

    @Test
    void theDeviceFileAnswersAnyFormOfTheDevicesOwnMacOnly() {
        String expected = RestAssured.given().get("/prov/" + MAC + "/" + MAC + ".xml").then().statusCode(200)
                .extract().asString();
        for (String path : new String[]{"/prov/" + MAC + "/901B0E561101.xml", "/prov/" + MAC + "/90:1b:0e:56:11:01.xml",
                "/prov/90-1B-0E-56-11-01/90-1B-0E-56-11-01.xml", "/prov/901B0E561101/901b0e561101.xml"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).extract().asString()).as(path)
                    .isEqualTo(expected);
        }
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/" + PLAIN_MAC + ".xml", "/prov/" + MAC + "/%MACD.xml",
                "/prov/" + MAC + "/not-a-mac.xml", "/prov/" + MAC + "/device.xml",
                "/prov/" + FOREIGN_MAC + "/" + FOREIGN_MAC + ".xml", "/prov/" + FOREIGN_MAC + "/provisioning.xml");
    }

    @Test
    void theDirectoryAnswersProvisioningXmlAndOtherDialectsFilesAreEmpty404s() {
        String expected = RestAssured.given().get("/prov/" + MAC + "/provisioning.xml").then().statusCode(200)
                .extract().asString();
        assertThat(expected).contains("version=\"1.1\"");
        for (String path : new String[]{"/prov/" + MAC, "/prov/" + MAC + "/", "/prov/90:1B:0E:56:11:01/"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).extract().asString()).as(path)
                    .isEqualTo(expected);
        }
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/nvm/updates.xml", "/prov/" + MAC + "/firmware/updates.xml",
                "/prov/" + MAC + "/nvm/" + uvc + "/settings.xml", "/prov/" + MAC + "/references.xml",
                "/prov/" + MAC + "/settings.xml", "/prov/" + MAC + "/901b/0e56/901b0e561101.txt");
    }

    @Test
    void aDeviceThatHasTheFileGetsNotModifiedAndEveryFileIsACheckIn() {
        String path = "/prov/" + MAC + "/901B0E561101.xml";
        Response first = RestAssured.given().header("User-Agent", "Maxwell 3/2.60").get(path);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        RestAssured.given().header("If-None-Match", etag).get(path)
                .then().statusCode(304).header("ETag", etag).body(emptyString());
        RestAssured.given().get("/prov/" + MAC + "/provisioning.xml").then().statusCode(200);

        DeviceCheckin device = DeviceFileChecks.checkin(MAC, "device.xml");
        assertThat(device.uvc()).isEqualTo(uvc);
        assertThat(device.tenantId()).isEqualTo("m11-acme");
        assertThat(DeviceFileChecks.checkin(MAC, "provisioning.xml").uvc()).isEqualTo(uvc);
    }

    private static List<String> seed(String name) throws Exception {
        return StrictXml.structure(StrictXml.parse(resource("maxwell-1.1/seed-" + name + ".xml")
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> params(Document document) {
        NodeList params = document.getElementsByTagName("param");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            values.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        return values;
    }
}
