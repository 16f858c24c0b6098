package org.telprov.inventory.dhcp;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.inventory.Inventory.as;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DhcpOptionsTest {

    private static final String DOCUMENT_EXAMPLE =
            "42:0b:68:74:74:70:3a:2f:2f:66:6f:6f:00:43:0c:3c:48:57:54:59:50:3e:2e:62:61:6b:00";

    @BeforeEach
    void tenants() {
        tenant("dhcp-foo", "http://foo/<HWTYP>.bak");
        tenant("dhcp-prov", "https://prov.dhcp.example:8443/prov/{mac}/");
        tenant("dhcp-serial", "https://prov.dhcp.example/prov/{mac}/{serial}");
    }

    private static void tenant(String id, String template) {
        int status = as(TestTokens.operator())
                .body(Map.of("id", id, "name", id, "provisioningUrlTemplate", template))
                .post("/api/v1/tenants").statusCode();
        assertThat(status).isIn(201, 409);
    }

    @Test
    void theOperatorGetsTheAuerswaldDocumentsOwnOptionFortyThree() {
        JsonPath answer = as(TestTokens.operator()).get("/api/v1/tenants/dhcp-foo/dhcp-options/auerswald")
                .then().statusCode(200).contentType("application/json")
                .body("tenant", equalTo("dhcp-foo"), "family", equalTo("auerswald"), "transport", equalTo("http"),
                        "option66", equalTo("http://foo"), "option67", equalTo("<HWTYP>.bak"),
                        "option43", equalTo(DOCUMENT_EXAMPLE), "url", equalTo("http://foo/<HWTYP>.bak"))
                .extract().jsonPath();

        assertThat(answer.getString("iscDhcpd")).contains("class \"telprov-dhcp-foo-auerswald\" {",
                "  option vendor-encapsulated-options " + DOCUMENT_EXAMPLE + ";");
        assertThat(answer.getList("kea.client-classes[0].option-data", Map.class)).contains(
                Map.of("name", "vendor-encapsulated-options", "code", 43, "csv-format", false,
                        "data", DOCUMENT_EXAMPLE));
        assertThat(answer.getList("notes", String.class)).isNotEmpty();
    }

    @Test
    void eachFamilyGetsTheTenantsUrlInItsOwnMarkers() {
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-prov/dhcp-options/maxwell-1.1")
                .then().statusCode(200)
                .body("option66", equalTo("https://prov.dhcp.example:8443"), "option67", equalTo("prov/%MACD/"),
                        "option43", nullValue(), "kea.option-data[1].data", equalTo("prov/%MACD/"));
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-prov/dhcp-options/plug-n-dial")
                .then().statusCode(200)
                .body("transport", equalTo("tftp"), "option66", equalTo("prov.dhcp.example"),
                        "option67", nullValue(), "url", equalTo("tftp://prov.dhcp.example/"));
    }

    @Test
    void aPartnerReadsItsOwnTenantsOptionsAndAnotherTenantLikeAnUnknownOne() {
        as(TestTokens.partner("dhcp-prov", "partner")).get("/api/v1/tenants/dhcp-prov/dhcp-options/auerswald")
                .then().statusCode(200).body("option67", equalTo("prov/{mac}/"));

        String other = as(TestTokens.partnerAdmin("dhcp-prov")).get("/api/v1/tenants/dhcp-foo/dhcp-options/auerswald")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"))
                .extract().asString();
        String unknown = as(TestTokens.partnerAdmin("dhcp-prov"))
                .get("/api/v1/tenants/dhcp-none/dhcp-options/auerswald")
                .then().statusCode(404).extract().asString();
        assertThat(other.replace("dhcp-foo", "X")).isEqualTo(unknown.replace("dhcp-none", "X"));
    }

    @Test
    void unknownTenantsAndFamiliesAre404AndBadValues400() {
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-none/dhcp-options/auerswald")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-foo/dhcp-options/polycom")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("phone family polycom does not exist"));
        as(TestTokens.operator()).get("/api/v1/tenants/Not_A_Tenant/dhcp-options/auerswald")
                .then().statusCode(400).contentType("application/problem+json");
        as(TestTokens.operator()).queryParam("transport", "ftp").get("/api/v1/tenants/dhcp-foo/dhcp-options/auerswald")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter"), "errors[0].field", equalTo("transport"));
        as(TestTokens.operator()).queryParam("transport", "tftp")
                .get("/api/v1/tenants/dhcp-foo/dhcp-options/maxwell-1.0")
                .then().statusCode(400).body("errors[0].field", equalTo("transport"));
    }

    @Test
    void aTemplateMarkerTheFamilyCannotFillInIs422NamingIt() {
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-serial/dhcp-options/maxwell-1.0")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("unsupported_marker"), "markers", equalTo(List.of("{serial}")));
        as(TestTokens.operator()).get("/api/v1/tenants/dhcp-serial/dhcp-options/auerswald")
                .then().statusCode(200).body("option67", equalTo("prov/{mac}/{serial}"));
    }

    @Test
    void aTerminalAskingForTextGetsTheValuesAndSnippetsAsText() {
        String text = as(TestTokens.operator()).accept("text/plain")
                .get("/api/v1/tenants/dhcp-foo/dhcp-options/auerswald")
                .then().statusCode(200).contentType("text/plain").extract().asString();

        assertThat(text).startsWith("# DHCP options for tenant dhcp-foo, family auerswald (http)\n"
                        + "option 66: http://foo\noption 67: <HWTYP>.bak\noption 43: " + DOCUMENT_EXAMPLE + "\n")
                .contains("## ISC dhcpd\n# telprov tenant dhcp-foo", "## Kea (members of Dhcp4)\n{\n",
                        "\"csv-format\" : false", "## Notes\n- ");
    }

    @Test
    void theOpenApiDocumentDeclaresTheAnswers() {
        JsonPath document = JsonPath.from(RestAssured.given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());

        Map<String, Object> responses = document.getMap(
                "paths.'/api/v1/tenants/{id}/dhcp-options/{family}'.get.responses");
        assertThat(responses).containsKeys("200", "400", "404", "422");
    }
}
