package org.telprov.provisioning.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** An Auerswald profile's operations: checked on save, shown, frozen in releases and compared in diffs. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProfileOperationsTest {

    private static final String ADMIN = TestTokens.partnerAdmin("ops-acme");
    private static final Map<String, Object> DELETE = Map.of("op", "delete",
            "path", "/templates/template[@name='Test']");
    private static final Map<String, Object> REPLACE = Map.of("op", "replace",
            "path", "/keys/phoneXtensions/key[@keyNumber='3']/parameters/parameter[@name='@string/identity']",
            "xml", "<parameter name=\"@string/identity\" value=\"3\"/>");
    private static final Map<String, Object> ADD = Map.of("op", "add",
            "path", "/keys/phoneXtensions/key[@keyNumber='3']/parameters/",
            "xml", "<parameter name=\"@string/foo\" value=\"bar\"/>");

    @Test
    void theDocumentsOperationsAreStoredAndShownAsGiven() {
        Map<String, Object> body = auerswald("ops-document", List.of(DELETE, REPLACE, ADD));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(201)
                .body("operations.op", contains("delete", "replace", "add"))
                .body("operations[0]", not(hasKey("xml")))
                .body("operations[1].path", equalTo(REPLACE.get("path")))
                .body("operations[2].xml", equalTo(ADD.get("xml")));
        as(ADMIN).get("/api/v1/profiles/ops-document").then().statusCode(200)
                .body("operations.path", contains(DELETE.get("path"), REPLACE.get("path"), ADD.get("path")));

        // a replace without operations clears them, as it does every other list
        as(ADMIN).body(auerswald("ops-document", null)).put("/api/v1/profiles/ops-document").then().statusCode(200)
                .body("operations", empty());
        as(ADMIN).get("/api/v1/profiles/ops-document").then().body("operations", empty());
    }

    @Test
    void eachRefusedShapeIsAProblemNamingItsField() {
        Map<String, Object> attribute = Map.of("op", "delete", "path", "/templates/template/@name");
        Map<String, Object> relative = Map.of("op", "delete", "path", "templates/template");
        Map<String, Object> textNode = Map.of("op", "replace", "path", "/sip/account/user/text()", "xml", "<u/>");
        Map<String, Object> notXml = Map.of("op", "add", "path", "/sip", "xml", "<account>");
        Map<String, Object> laughs = Map.of("op", "add", "path", "/sip", "xml",
                "<!DOCTYPE l [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;\">]><a>&l2;</a>");
        Map<String, Object> external = Map.of("op", "add", "path", "/sip", "xml", "<a>&xxe;</a>");
        Map<String, Object> namespaced = Map.of("op", "add", "path", "/sip", "xml", "<x:a xmlns:x=\"urn:x\"/>");
        Map<String, Object> deleteWithXml = Map.of("op", "delete", "path", "/sip", "xml", "<a/>");
        Map<String, Object> addWithoutXml = Map.of("op", "add", "path", "/sip");
        Map<String, Object> move = Map.of("op", "move", "path", "/sip");
        Map<String, Object> noOp = Map.of("path", "/sip");
        Map<String, Object> noPath = Map.of("op", "delete");
        Map<String, Object> longPath = Map.of("op", "delete", "path", "/" + "a".repeat(2000));
        Map<String, Object> longXml = Map.of("op", "add", "path", "/sip",
                "xml", "<a>" + "x".repeat(65536) + "</a>");
        Object[][] cases = {
                {attribute, "validation_failed", "operations[1].path"},
                {relative, "validation_failed", "operations[1].path"},
                {textNode, "validation_failed", "operations[1].path"},
                {notXml, "validation_failed", "operations[1].xml"},
                {laughs, "validation_failed", "operations[1].xml"},
                {external, "validation_failed", "operations[1].xml"},
                {namespaced, "validation_failed", "operations[1].xml"},
                {deleteWithXml, "validation_failed", "operations[1].xml"},
                {addWithoutXml, "validation_failed", "operations[1].xml"},
                {move, "validation_failed", "operations[1].op"},
                {noOp, "validation_failed", "operations[1].op"},
                {noPath, "validation_failed", "operations[1].path"},
                {longPath, "validation_failed", "operations[1].path"},
                {longXml, "validation_failed", "operations[1].xml"},
        };
        for (Object[] refused : cases) {
            as(ADMIN).body(auerswald("ops-refused", List.of(DELETE, refused[0]))).post("/api/v1/profiles").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo(refused[1])).body("errors[0].field", equalTo(refused[2]));
        }
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        // the shared mapper names a null list entry "operations[0].<list element>", as it does for every list
        as(ADMIN).body(auerswald("ops-refused", withNull)).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", startsWith("operations[0]"));
        as(ADMIN).body(auerswald("ops-refused", Collections.nCopies(101, DELETE))).post("/api/v1/profiles").then()
                .statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("operations"));
        as(ADMIN).get("/api/v1/profiles/ops-refused").then().statusCode(404);

        // the most a profile may hold is accepted
        created(ADMIN, auerswald("ops-most", Collections.nCopies(100, Map.of("op", "add", "path", "/sip",
                "xml", "<a>" + "x".repeat(65529) + "</a>"))));
    }

    @Test
    void otherDialectsHaveNoFileForOperations() {
        for (String dialect : new String[]{"maxwell-1.0", "maxwell-1.1", "plug-n-dial"}) {
            Map<String, Object> body = auerswald("ops-" + dialect, List.of(DELETE));
            body.put("dialect", dialect);
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                    .body("code", equalTo("unsupported_in_dialect")).body("errors[0].field", equalTo("operations"));
        }
    }

    @Test
    void aReleaseFreezesTheOperationsAndTheDiffShowsBothLists() {
        created(ADMIN, auerswald("ops-release", List.of(DELETE, REPLACE)));
        String from = published(ADMIN, "ops-release");
        as(ADMIN).body(auerswald("ops-release", List.of(REPLACE, ADD))).put("/api/v1/profiles/ops-release").then()
                .statusCode(200);

        as(ADMIN).get("/api/v1/profiles/ops-release/releases/" + from).then().statusCode(200)
                .body("operations.op", contains("delete", "replace"));
        String to = published(ADMIN, "ops-release");
        as(ADMIN).get("/api/v1/profiles/ops-release/releases/" + to).then().statusCode(200)
                .body("operations.op", contains("replace", "add"));

        as(ADMIN).get("/api/v1/profiles/ops-release/releases/" + from + "/diff/" + to).then().statusCode(200)
                .body("operationsChanged", equalTo(true))
                .body("operations.from.op", contains("delete", "replace"))
                .body("operations.to.op", contains("replace", "add"))
                .body("operations.to[1].xml", equalTo(ADD.get("xml")))
                .body("changed", empty()).body("referencesChanged", equalTo(false));
        as(ADMIN).get("/api/v1/profiles/ops-release/releases/" + to + "/diff/" + to).then().statusCode(200)
                .body("operationsChanged", equalTo(false)).body("$", not(hasKey("operations")));

        // the same operations in another order are another file: the phone applies them in order
        as(ADMIN).body(auerswald("ops-release", List.of(ADD, REPLACE))).put("/api/v1/profiles/ops-release").then()
                .statusCode(200);
        String reordered = published(ADMIN, "ops-release");
        as(ADMIN).get("/api/v1/profiles/ops-release/releases/" + to + "/diff/" + reordered).then().statusCode(200)
                .body("operationsChanged", equalTo(true));
    }

    @Test
    void theOpenApiDocumentDescribesTheField() {
        JsonPath document = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        assertThat(document.getString("components.schemas.ProfileRequest.properties.operations.description"))
                .startsWith("auerswald only");
        assertThat(document.getInt("components.schemas.ProfileRequest.properties.operations.maxItems")).isEqualTo(100);
        assertThat(document.getList("components.schemas.OperationRequest.properties.op.enum"))
                .containsExactly("delete", "replace", "add");
        assertThat(document.getInt("components.schemas.OperationRequest.properties.path.maxLength")).isEqualTo(2000);
        assertThat(document.getInt("components.schemas.OperationRequest.properties.xml.maxLength")).isEqualTo(65536);
        assertThat(document.getString("components.schemas.ProfileView.properties.operations.items.$ref"))
                .endsWith("/Operation");
        assertThat(document.getString("components.schemas.ReleaseDiff.properties.operations.$ref"))
                .endsWith("/OperationsChange");
    }

    private static Map<String, Object> auerswald(String name, List<?> operations) {
        Map<String, Object> body = new LinkedHashMap<>(profile(name, Map.of("phone.language", "de")));
        body.put("dialect", "auerswald");
        if (operations != null) {
            body.put("operations", operations);
        }
        return body;
    }
}
