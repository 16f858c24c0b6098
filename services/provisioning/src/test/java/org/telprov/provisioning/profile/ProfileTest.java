package org.telprov.provisioning.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.security.cert.CertificateFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.secret;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProfileTest {

    private static final String ADMIN = TestTokens.partnerAdmin("prof-acme");
    private static final String CRUD = TestTokens.partnerAdmin("prof-crud");

    @Test
    void aProfileIsCreatedReadReplacedListedAndDeleted() {
        created(CRUD, profile("crud-a", Map.of("SIP.Account.0.AuthName", "1012")));
        created(CRUD, profile("crud-b", Map.of("SIP.Account.0.AuthName", "1013")));
        as(CRUD).get("/api/v1/profiles/crud-a").then().statusCode(200)
                .body("tenantId", equalTo("prof-crud"))
                .body("parameters[0].name", equalTo("SIP.Account.0.AuthName"))
                .body("parameters[0].value", equalTo("1012"))
                .body("latestRelease", nullValue());
        as(CRUD).body(profile("crud-a", Map.of("SIP.Account.0.AuthName", "2000"))).post("/api/v1/profiles")
                .then().statusCode(409).body("code", equalTo("profile_exists"));

        Map<String, Object> replaced = profile("crud-a", Map.of("SIP.DefaultAccount", "0"));
        replaced.put("overrides", Map.of("90:1B:0E:56:C7:BC", List.of(Map.of("name", "SIP.Account.0.AuthName",
                "value", "1099"))));
        as(CRUD).body(replaced).put("/api/v1/profiles/crud-a").then().statusCode(200)
                .body("parameters.name", contains("SIP.DefaultAccount"))
                .body("overrides.'901b0e56c7bc'[0].value", equalTo("1099"));

        as(TestTokens.partner("prof-crud", "partner")).queryParam("size", 1).get("/api/v1/profiles")
                .then().statusCode(200).body("total", equalTo(2)).body("items.name", contains("crud-a"));
        as(CRUD).queryParam("size", 1).queryParam("page", 1).get("/api/v1/profiles")
                .then().body("items.name", contains("crud-b"));
        as(TestTokens.operator()).get("/api/v1/profiles").then().statusCode(200).body("items.name", hasItem("crud-a"));
        as(TestTokens.operator()).queryParam("tenant", "prof-crud").get("/api/v1/profiles/crud-a")
                .then().statusCode(200);

        as(CRUD).delete("/api/v1/profiles/crud-b").then().statusCode(204);
        as(CRUD).get("/api/v1/profiles/crud-b").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyPartnerAdminsChangeProfiles() {
        as(TestTokens.partner("prof-acme", "partner")).body(profile("ro", Map.of())).post("/api/v1/profiles")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(TestTokens.operator()).body(profile("ro", Map.of())).post("/api/v1/profiles").then().statusCode(403);
        as(TestTokens.partnerWithoutTenant()).body(profile("ro", Map.of())).post("/api/v1/profiles")
                .then().statusCode(401).body("code", equalTo("missing_tenant_claim"));
        io.restassured.RestAssured.given().get("/api/v1/profiles").then().statusCode(401);
    }

    @Test
    void invalidContentIsRefusedNamingTheField() {
        as(ADMIN).body(profile("bad", Map.of("SIP Account", "x"))).post("/api/v1/profiles")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].field", containsString("parameters"));
        as(ADMIN).body(profile("bad", Map.of("A", "line\nbreak"))).post("/api/v1/profiles")
                .then().statusCode(400).body("errors[0].field", equalTo("parameters[0].value"));
        as(ADMIN).body(profile("bad", Map.of("A", "x".repeat(5000)))).post("/api/v1/profiles")
                .then().statusCode(400).body("errors[0].field", equalTo("parameters[0].value"));
        Map<String, Object> duplicate = new LinkedHashMap<>(profile("bad", Map.of()));
        duplicate.put("parameters", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "A", "value", "2")));
        as(ADMIN).body(duplicate).post("/api/v1/profiles")
                .then().statusCode(400).body("code", equalTo("duplicate_name"));
        Map<String, Object> foreignTenant = new LinkedHashMap<>(profile("bad", Map.of()));
        foreignTenant.put("tenantId", "someone-else");
        as(ADMIN).body(foreignTenant).post("/api/v1/profiles")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
        Map<String, Object> badMac = new LinkedHashMap<>(profile("bad", Map.of()));
        badMac.put("overrides", Map.of("not-a-mac", List.of()));
        as(ADMIN).body(badMac).post("/api/v1/profiles").then().statusCode(400).body("code", equalTo("invalid_mac"));
        as(ADMIN).get("/api/v1/profiles/bad").then().statusCode(404);
    }

    @Test
    void certificatesAreAcceptedAsPemOrDerAndGarbageIsRefused() throws Exception {
        String pem = resource("ca.pem");
        byte[] der = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded();
        Map<String, Object> body = profile("certs", Map.of());
        body.put("certificates", List.of(Map.of("name", "pem-ca", "data", pem),
                Map.of("name", "der-ca", "data", Base64.getEncoder().encodeToString(der))));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(201)
                .body("certificates.name", contains("pem-ca", "der-ca"))
                .body("certificates[0].subject", containsString("CN=telprov test CA"))
                .body("certificates[0].sha256", equalTo(certificates().get(0)));

        for (String garbage : new String[]{"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "bm90IGEgY2VydGlmaWNhdGU=", "%%%"}) {
            Map<String, Object> bad = profile("bad-cert", Map.of());
            bad.put("certificates", List.of(Map.of("name", "ca", "data", garbage)));
            as(ADMIN).body(bad).post("/api/v1/profiles").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_certificate"))
                    .body("errors[0].field", equalTo("certificates[0].data"));
        }
    }

    @Test
    void secretsAreStoredEncryptedNeverReturnedAndKeptWhenSentBackWithoutValue() {
        Map<String, Object> body = profile("secrets", Map.of());
        body.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                secret("SIP.Account.0.AuthPassword", "s3cr3t-pa55")));
        String createdBody = as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(201).extract().asString();
        assertThat(createdBody).doesNotContain("s3cr3t-pa55");
        String read = as(ADMIN).get("/api/v1/profiles/secrets").then().statusCode(200)
                .body("parameters[1].secret", equalTo(true))
                .body("parameters[1]", not(org.hamcrest.Matchers.hasKey("value")))
                .extract().asString();
        assertThat(read).doesNotContain("s3cr3t-pa55");
        assertThat(storedContent("secrets")).doesNotContain("s3cr3t-pa55").contains("v1:");

        // what GET answered, sent back: the secret keeps its value
        body.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                secret("SIP.Account.0.AuthPassword", null)));
        String before = storedContent("secrets");
        as(ADMIN).body(body).put("/api/v1/profiles/secrets").then().statusCode(200);
        assertThat(storedContent("secrets")).isEqualTo(before);

        body.put("parameters", List.of(secret("SIP.Account.1.AuthPassword", null)));
        as(ADMIN).body(body).put("/api/v1/profiles/secrets").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters[0].value"));
    }

    private static String storedContent(String name) {
        return QuarkusTransaction.requiringNew().call(() -> Profile.<Profile>find("tenantId = ?1 and name = ?2",
                "prof-acme", name).firstResult().content);
    }

    private static List<String> certificates() {
        return QuarkusTransaction.requiringNew().call(() -> ContentCodec.fromJson(storedContent("certs"))
                .certificates().stream().map(ProfileContent.Certificate::sha256).toList());
    }
}
