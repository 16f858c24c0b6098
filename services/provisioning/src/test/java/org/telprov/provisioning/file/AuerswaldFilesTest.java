package org.telprov.provisioning.file;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.secret;

/**
 * Auerswald COMfortel: a reference file naming the settings patch, the operations file and the profile's references.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class AuerswaldFilesTest {

    private static final String ADMIN = TestTokens.partnerAdmin("aw-acme");
    private static final String MAC = "00095200000e";
    private static final String PLAIN_MAC = "00095200000f";
    private static final String FOREIGN_MAC = "000952000010";
    private static final String BARE_MAC = "000952000011";
    private static final String OPERATIONS_MAC = "000952000012";
    private static final String OPERATIONS_ONLY_MAC = "000952000013";
    /** The document's three operations, and one whose fragment is written back re-indented and escaped. */
    static final List<Map<String, Object>> OPERATIONS = List.of(
            Map.of("op", "delete", "path", "/templates/template[@name='Test']"),
            Map.of("op", "replace",
                    "path", "/keys/phoneXtensions/key[@keyNumber='3']/parameters/parameter[@name='@string/identity']",
                    "xml", "<parameter name=\"@string/identity\" value=\"3\"/>"),
            Map.of("op", "add", "path", "/keys/phoneXtensions/key[@keyNumber='3']/parameters/",
                    "xml", "\n    <parameter name=\"@string/foo\" value=\"bar\"/>\n"),
            Map.of("op", "add", "path", "/sip/accounts", "xml", """
                    <account id="2">
                        <displayName>Tom &quot;&lt;&amp;&gt;&quot; O'Neil</displayName>
                      <!-- not written --><note><![CDATA[a]]>b</note><empty/>
                    </account><account id="3"></account>"""));
    private static final String DISPLAY_NAME = "Tom \"<&>\" O'Neil";
    private static final List<String> REFERENCES = List.of("first_file.xml", "/second_file.xml",
            "http://another.server.com/third_file.xml", "prov.py?mac=<MACADR>&sn={serial}&hw=<HWTYP>");
    private static String uvc;
    private static String operationsUvc;

    @BeforeEach
    void profileAndDevices() {
        withoutDeviceAuth(ADMIN);
        if (uvc != null) {
            return;
        }
        Map<String, Object> comfortel = profile("comfortel", Map.of());
        comfortel.put("dialect", "auerswald");
        comfortel.put("parameters", List.of(
                Map.of("name", "provisioning.server.url", "value", "https://prov.example.com/prov/{mac}/"),
                Map.of("name", "sip.account.displayName", "value", DISPLAY_NAME),
                Map.of("name", "sip.account.user", "value", "1012"),
                secret("sip.account.password", "pa55<&>"),
                Map.of("name", "phone.language", "value", "de")));
        comfortel.put("overrides", Map.of("00-09-52-00-00-0E", List.of(
                Map.of("name", "sip.account.user", "value", "1099"),
                Map.of("name", "sip.account.extra.flag", "value", "1"))));
        comfortel.put("references", REFERENCES);
        created(ADMIN, comfortel);
        uvc = published(ADMIN, "comfortel");

        Map<String, Object> bare = profile("references-only", Map.of());
        bare.put("dialect", "auerswald");
        bare.put("references", List.of("http://another.server.com/only.xml"));
        created(ADMIN, bare);
        published(ADMIN, "references-only");

        Map<String, Object> operations = profile("operations", Map.of("phone.language", "de"));
        operations.put("dialect", "auerswald");
        operations.put("operations", OPERATIONS);
        operations.put("references", List.of("http://another.server.com/third_file.xml"));
        // another device's overrides: this one's files are then rendered once for every device without any
        operations.put("overrides", Map.of("000952000015", List.of(Map.of("name", "phone.language", "value", "en"))));
        created(ADMIN, operations);
        operationsUvc = published(ADMIN, "operations");

        Map<String, Object> operationsOnly = profile("operations-only", Map.of());
        operationsOnly.put("dialect", "auerswald");
        operationsOnly.put("operations", List.of(Map.of("op", "delete", "path", "/templates/template")));
        created(ADMIN, operationsOnly);
        published(ADMIN, "operations-only");

        device(MAC, "aw-acme", "comfortel");
        device(OPERATIONS_MAC, "aw-acme", "operations");
        device(OPERATIONS_ONLY_MAC, "aw-acme", "operations-only");
        device(PLAIN_MAC, "aw-acme", "comfortel");
        device(FOREIGN_MAC, "aw-globex", "comfortel");
        device(BARE_MAC, "aw-acme", "references-only");
    }

    @Test
    void theFilesMatchTheGoldenFilesAndTheReferenceSeedsStructure() throws Exception {
        byte[] references = RestAssured.given().get("/prov/" + MAC + "/references.xml").then().statusCode(200)
                .contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(references, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("auerswald/golden-references.xml", Map.of()));
        assertThat(StrictXml.structure(StrictXml.parse(references))).isEqualTo(StrictXml.structure(
                StrictXml.parse(resource("auerswald/seed-references.xml").getBytes(StandardCharsets.UTF_8))));

        byte[] settings = RestAssured.given().get("/prov/" + MAC + "/settings.xml").then().statusCode(200)
                .contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(settings, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("auerswald/golden-settings.xml", Map.of()));
    }

    @Test
    void theOperationsFileMatchesItsGoldenFileAndTheDocumentsStructureAfterThePatchInTheReferences()
            throws Exception {
        byte[] references = RestAssured.given().get("/prov/" + OPERATIONS_MAC + "/references.xml").then()
                .statusCode(200).extract().asByteArray();
        assertThat(new String(references, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("auerswald/golden-references-operations.xml", Map.of()));

        byte[] operations = RestAssured.given().get("/prov/" + OPERATIONS_MAC + "/operations.xml").then()
                .statusCode(200).contentType("application/xml; charset=utf-8").extract().asByteArray();
        assertThat(new String(operations, StandardCharsets.UTF_8))
                .isEqualTo(DeviceFileChecks.golden("auerswald/golden-operations.xml", Map.of()));
        assertThat(StrictXml.structure(StrictXml.parse(operations))).isEqualTo(StrictXml.structure(
                StrictXml.parse(resource("auerswald/seed-operations.xml").getBytes(StandardCharsets.UTF_8))));
        // what the fragment says survives the writer: the text a parser reads back is the text given
        assertThat(text(StrictXml.parse(operations), "displayName")).isEqualTo("Tom \"<&>\" O'Neil");
    }

    @Test
    void operationsWithoutParametersAreReferencedAloneAndNoOperationsMeansNoFile() {
        assertThat(RestAssured.given().get("/prov/" + OPERATIONS_ONLY_MAC + "/").then().statusCode(200).extract()
                .asString()).doesNotContain("settings.xml").contains("<URL>operations.xml</URL>");
        assertThat(RestAssured.given().get("/prov/" + OPERATIONS_ONLY_MAC + "/operations.xml").then().statusCode(200)
                .extract().asString()).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <operations>
                <delete path="/templates/template"/>
                </operations>
                """);
        DeviceFileChecks.emptyNotFound("/prov/" + OPERATIONS_ONLY_MAC + "/settings.xml",
                "/prov/" + MAC + "/operations.xml", "/prov/" + BARE_MAC + "/operations.xml",
                "/prov/" + FOREIGN_MAC + "/operations.xml", "/prov/000952000099/operations.xml");
        assertThat(RestAssured.given().get("/prov/" + MAC + "/").then().statusCode(200).extract().asString())
                .doesNotContain("operations.xml");
    }

    @Test
    void underDigestTheOperationsFileIsProtectedWhileTheReferenceFileIsPublic() {
        String admin = TestTokens.partnerAdmin("aw-digest");
        Map<String, Object> operations = profile("operations", Map.of());
        operations.put("dialect", "auerswald");
        operations.put("operations", OPERATIONS);
        created(admin, operations);
        published(admin, "operations");
        device("000952000014", "aw-digest", "operations");

        assertThat(RestAssured.given().get("/prov/000952000014/references.xml").then().statusCode(200).extract()
                .asString()).contains("<URL>operations.xml</URL>");
        RestAssured.given().get("/prov/000952000014/operations.xml").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Digest "));
        as(admin).body(Map.of("mode", "digest", "publicFiles", List.of("references.xml", "operations.xml")))
                .put("/api/v1/device-auth").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void everyValueStaysAValueAndEverySectionIsAPatch() throws Exception {
        Document references = StrictXml.parse(RestAssured.given().get("/prov/" + PLAIN_MAC + "/references.xml")
                .then().statusCode(200).extract().asByteArray());
        List<String> urls = new ArrayList<>();
        NodeList elements = references.getElementsByTagName("URL");
        for (int i = 0; i < elements.getLength(); i++) {
            urls.add(elements.item(i).getTextContent());
        }
        List<String> expected = new ArrayList<>(List.of("settings.xml"));
        expected.addAll(REFERENCES);
        assertThat(urls).isEqualTo(expected);

        Document settings = StrictXml.parse(RestAssured.given().get("/prov/" + PLAIN_MAC + "/settings.xml")
                .then().statusCode(200).extract().asByteArray());
        Element root = settings.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("configuration");
        List<String> sections = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element section) {
                assertThat(section.getAttribute("patch")).as(section.getTagName()).isEqualTo("true");
                sections.add(section.getTagName());
            }
        }
        assertThat(sections).containsExactly("provisioning", "sip", "phone");
        assertThat(text(settings, "displayName")).isEqualTo(DISPLAY_NAME);
        assertThat(text(settings, "password")).isEqualTo("pa55<&>");
        // this device has no overrides
        assertThat(text(settings, "user")).isEqualTo("1012");
        assertThat(settings.getElementsByTagName("extra").getLength()).isZero();
    }

    @Test
    void withoutParametersThereIsNoPatchToReference() {
        assertThat(RestAssured.given().get("/prov/" + BARE_MAC + "/").then().statusCode(200).extract().asString())
                .doesNotContain("settings.xml").contains("<URL>http://another.server.com/only.xml</URL>");
        DeviceFileChecks.emptyNotFound("/prov/" + BARE_MAC + "/settings.xml");
    }

    @Test
    void theDirectoryAnswersReferencesXmlAndOtherDialectsFilesAreEmpty404s() {
        String expected = RestAssured.given().get("/prov/" + MAC + "/references.xml").then().statusCode(200)
                .extract().asString();
        for (String path : new String[]{"/prov/" + MAC + "/", "/prov/00:09:52:00:00:0E/", "/prov/00095200000E"}) {
            assertThat(RestAssured.given().get(path).then().statusCode(200).extract().asString()).as(path)
                    .isEqualTo(expected);
        }
        DeviceFileChecks.emptyNotFound("/prov/" + MAC + "/provisioning.xml", "/prov/" + MAC + "/nvm/updates.xml",
                "/prov/" + MAC + "/00095200000E.xml", "/prov/" + MAC + "/0009/5200/00095200000e.txt",
                "/prov/" + MAC + "/firmware/auerswald/D200/currentversion.txt",
                "/prov/" + FOREIGN_MAC + "/references.xml", "/prov/" + FOREIGN_MAC + "/settings.xml",
                "/prov/000952000099/references.xml");
    }

    @Test
    void aDeviceThatHasTheFileGetsNotModifiedAndEveryFileIsACheckIn() {
        for (String file : new String[]{"references.xml", "settings.xml", "operations.xml"}) {
            String mac = file.equals("operations.xml") ? OPERATIONS_MAC : MAC;
            String path = "/prov/" + mac + "/" + file;
            Response first = RestAssured.given().get(path);
            String etag = first.header("ETag");
            assertThat(etag).startsWith("\"");
            RestAssured.given().header("If-None-Match", etag).get(path)
                    .then().statusCode(304).header("ETag", etag).body(emptyString());
            assertThat(DeviceFileChecks.checkin(mac, file).uvc()).isEqualTo(mac.equals(MAC) ? uvc : operationsUvc);
        }
    }

    private static String text(Document document, String element) {
        return document.getElementsByTagName(element).item(0).getTextContent();
    }
}
