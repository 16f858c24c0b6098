package org.telprov.provisioning.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.resource;
import static org.telprov.provisioning.Provisioning.secret;

/** A profile's dialect, and what each dialect refuses when the profile is saved. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProfileDialectTest {

    private static final String ADMIN = TestTokens.partnerAdmin("dia-acme");

    @Test
    void theDialectIsMaxwell10UnlessGivenAndIsShown() {
        created(ADMIN, profile("dia-default", Map.of("A", "1")));
        as(ADMIN).get("/api/v1/profiles/dia-default").then().statusCode(200)
                .body("dialect", equalTo("maxwell-1.0")).body("references", empty());
        for (String dialect : new String[]{"maxwell-1.0", "maxwell-1.1", "auerswald", "plug-n-dial"}) {
            Map<String, Object> body = profile("dia-" + dialect, Map.of());
            body.put("dialect", dialect);
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(201).body("dialect", equalTo(dialect));
            as(ADMIN).get("/api/v1/profiles/dia-" + dialect).then().body("dialect", equalTo(dialect));
        }
        for (String unknown : new String[]{"maxwell", "Auerswald", "snom", ""}) {
            Map<String, Object> body = profile("dia-unknown", Map.of());
            body.put("dialect", unknown);
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("dialect"));
        }
        as(ADMIN).get("/api/v1/profiles/dia-unknown").then().statusCode(404);
    }

    @Test
    void contentStoredBeforeDialectsReadsAsMaxwell10() {
        String old = "{\"certificates\":[],\"firmware\":null,\"overrides\":{},"
                + "\"parameters\":[{\"name\":\"A\",\"secret\":false,\"value\":\"1\"}]}";
        ProfileContent content = ContentCodec.fromJson(old);
        assertThat(content.dialect()).isEqualTo(Dialect.MAXWELL_10);
        assertThat(content.references()).isEmpty();
        assertThat(ContentCodec.fromJson(ContentCodec.toJson(content))).isEqualTo(content);

        QuarkusTransaction.requiringNew().run(() -> {
            Profile profile = new Profile();
            profile.id = UUID.randomUUID();
            profile.tenantId = "dia-acme";
            profile.name = "dia-stored-long-ago";
            profile.content = old;
            profile.createdAt = Instant.now();
            profile.updatedAt = profile.createdAt;
            profile.persist();
        });
        as(ADMIN).get("/api/v1/profiles/dia-stored-long-ago").then().statusCode(200)
                .body("dialect", equalTo("maxwell-1.0")).body("parameters[0].value", equalTo("1"));
    }

    @Test
    void auerswaldReferencesAreKeptInOrderWithTheirMarkers() {
        List<String> references = List.of("first_file.xml", "/second_file.xml", "http://another.server.com/third.xml",
                "HTTPS://Prov.Example.com:8443/p/{mac}.xml?sn=<SERIAL>&hw={type}", "prov.py?mac=<MACADR>&t=<HWTYP>",
                "../up/{serial}.xml", "sub/dir/file.xml#part");
        Map<String, Object> body = auerswald("dia-references");
        body.put("references", references);
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(201)
                .body("references", equalTo(references));
        as(ADMIN).get("/api/v1/profiles/dia-references").then().body("references", equalTo(references));
    }

    @Test
    void badReferencesAreRefusedNamingTheReference() {
        for (String bad : new String[]{"ftp://host/x.xml", "javascript:alert(1)", "file:///etc/passwd",
                "http://user:pw@host/x.xml", "http://{mac}@host/x.xml", "//host/x.xml", "http:///x.xml", "a b.xml",
                "tab\t.xml", "new\nline.xml", "<FOO>.xml", "{other}.xml", "x.xml?<MACADR", "ünïcode.xml",
                "references.xml", "./", "", "http://host/%zz"}) {
            Map<String, Object> body = auerswald("dia-bad-reference");
            body.put("references", List.of("fine.xml", bad));
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("references[1]"));
        }
        Map<String, Object> tooMany = auerswald("dia-bad-reference");
        tooMany.put("references", Collections.nCopies(21, "x.xml"));
        as(ADMIN).body(tooMany).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("references"));
        as(ADMIN).get("/api/v1/profiles/dia-bad-reference").then().statusCode(404);
    }

    @Test
    void contentADialectHasNoFileForIsRefused() {
        Map<String, Object> certificate = Map.of("name", "ca", "data", resource("ca.pem"));
        Map<String, Object> firmware = Map.of("artifactId", "11111111-2222-3333-4444-555555555555");
        Object[][] cases = {
                {"maxwell-1.0", "references", List.of("x.xml")},
                {"maxwell-1.1", "references", List.of("x.xml")},
                {"plug-n-dial", "references", List.of("x.xml")},
                {"maxwell-1.1", "certificates", List.of(certificate)},
                {"auerswald", "certificates", List.of(certificate)},
                {"plug-n-dial", "certificates", List.of(certificate)},
                {"maxwell-1.1", "firmware", firmware},
                {"auerswald", "firmware", firmware},
        };
        for (Object[] refused : cases) {
            Map<String, Object> body = profile("dia-unsupported", Map.of());
            body.put("dialect", refused[0]);
            body.put((String) refused[1], refused[2]);
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                    .body("code", equalTo("unsupported_in_dialect"))
                    .body("errors[0].field", equalTo(refused[1]));
        }
        artifact("11111111-2222-3333-4444-555555555555", "dia-acme");
        Map<String, Object> pndFirmware = profile("dia-pnd-firmware", Map.of());
        pndFirmware.put("dialect", "plug-n-dial");
        pndFirmware.put("firmware", firmware);
        created(ADMIN, pndFirmware);
    }

    @Test
    void plugNDialRefusesWhatCannotBeAKeyValueLine() {
        Map<String, Object> quote = plugNDial("dia-pnd", Map.of("display_name", "Tom \"T\" O'Neil"));
        as(ADMIN).body(quote).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("parameters[0].value"));
        for (String key : new String[]{"a=b", "a b", "a\"b"}) {
            as(ADMIN).body(plugNDial("dia-pnd", Map.of(key, "1"))).post("/api/v1/profiles").then().statusCode(400)
                    .body("code", equalTo("validation_failed"));
        }
        as(ADMIN).body(plugNDial("dia-pnd", Map.of("a", "line\nbreak"))).post("/api/v1/profiles").then()
                .statusCode(400).body("errors[0].field", equalTo("parameters[0].value"));
        Map<String, Object> override = plugNDial("dia-pnd", Map.of("a", "1"));
        override.put("overrides", Map.of("000b820c2301", List.of(Map.of("name", "a", "value", "say \"hi\""))));
        as(ADMIN).body(override).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("overrides.000b820c2301[0].value"));

        // a secret kept from a Maxwell profile is checked again when the profile becomes plug-n-dial
        Map<String, Object> maxwell = profile("dia-switch", Map.of());
        maxwell.put("parameters", List.of(secret("password", "pa\"55")));
        created(ADMIN, maxwell);
        Map<String, Object> switched = profile("dia-switch", Map.of());
        switched.put("dialect", "plug-n-dial");
        switched.put("parameters", List.of(secret("password", null)));
        as(ADMIN).body(switched).put("/api/v1/profiles/dia-switch").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters[0].value"));
        as(ADMIN).get("/api/v1/profiles/dia-switch").then().body("dialect", equalTo("maxwell-1.0"));
        switched.put("parameters", List.of(secret("password", "pa55")));
        as(ADMIN).body(switched).put("/api/v1/profiles/dia-switch").then().statusCode(200)
                .body("dialect", equalTo("plug-n-dial"));
    }

    @Test
    void auerswaldNamesMustNestAsElements() {
        for (String bad : new String[]{"SIP.Account.0.AuthName", "single", "sip..user", "sip.account[0].user",
                "xml.version", "sip.XmlThing", "0sip.user", "sip.user."}) {
            Map<String, Object> body = auerswald("dia-aw-names");
            body.put("parameters", List.of(Map.of("name", "ok.name", "value", "1"), Map.of("name", bad, "value", "1")));
            as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("parameters[1].name"));
        }
        Map<String, Object> conflict = auerswald("dia-aw-names");
        conflict.put("parameters", List.of(Map.of("name", "sip.account", "value", "1"),
                Map.of("name", "sip.account.user", "value", "1012")));
        as(ADMIN).body(conflict).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("parameters"));
        Map<String, Object> overrideConflict = auerswald("dia-aw-names");
        overrideConflict.put("parameters", List.of(Map.of("name", "sip.account.user", "value", "1012")));
        overrideConflict.put("overrides", Map.of("00:09:52:00:00:01", List.of(
                Map.of("name", "sip.account.user.name", "value", "x"))));
        as(ADMIN).body(overrideConflict).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("overrides.000952000001"));

        Map<String, Object> good = auerswald("dia-aw-names");
        good.put("parameters", List.of(Map.of("name", "sip.account.user", "value", "1012"),
                Map.of("name", "sip.account.display-name", "value", "<&>"), Map.of("name", "_x.y_z", "value", "")));
        as(ADMIN).body(good).post("/api/v1/profiles").then().statusCode(201)
                .body("parameters.name", contains("sip.account.user", "sip.account.display-name", "_x.y_z"));
    }

    @Test
    void maxwell11SetsTheSettingsVersionItself() {
        Map<String, Object> body = profile("dia-m11", Map.of());
        body.put("dialect", "maxwell-1.1");
        body.put("overrides", Map.of("901b0e561199", List.of(
                Map.of("name", "System.Provision.SettingsVersion", "value", "1"))));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("overrides.901b0e561199[0].name"));
        // Maxwell 1.0 profiles are left as they were
        created(ADMIN, profile("dia-m10-version", Map.of("System.Provision.SettingsVersion", "1")));
    }

    private static Map<String, Object> auerswald(String name) {
        Map<String, Object> body = profile(name, Map.of());
        body.put("dialect", "auerswald");
        return body;
    }

    private static Map<String, Object> plugNDial(String name, Map<String, String> parameters) {
        Map<String, Object> body = profile(name, parameters);
        body.put("dialect", "plug-n-dial");
        return body;
    }
}
