package org.telprov.provisioning.profile;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

/** A profile's layer of settings, and templates in parameter values as a profile is saved. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ProfileSettingsTest {

    private static final String ADMIN = TestTokens.partnerAdmin("pset-acme");

    private static Map<String, Object> setting(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    @Test
    void aProfileKeepsItsSettingsInNameOrderAndShowsNoSecretValue() {
        Map<String, Object> body = profile("layer", Map.of("SIP.Account.0.AuthName", "{{setting.sip_user}}"));
        body.put("settings", List.of(setting("sip_domain", "pbx.example.com"), secret("sip_password", "s3cret!"),
                setting("codec", "g722")));
        created(ADMIN, body);

        String shown = as(ADMIN).get("/api/v1/profiles/layer").then().statusCode(200)
                .body("parameters[0].value", equalTo("{{setting.sip_user}}"))
                .body("settings.name", contains("codec", "sip_domain", "sip_password"))
                .body("settings[1].value", equalTo("pbx.example.com"))
                .body("settings[2].secret", equalTo(true))
                .body("settings[2].value", nullValue())
                .extract().asString();
        assertThat(shown).doesNotContain("s3cret!");

        // a secret sent back without its value keeps the stored one
        body.put("settings", List.of(setting("sip_domain", "pbx.example.com"), secret("sip_password", null)));
        as(ADMIN).body(body).put("/api/v1/profiles/layer").then().statusCode(200)
                .body("settings.name", contains("sip_domain", "sip_password"));
        String uvc = published(ADMIN, "layer");
        as(ADMIN).get("/api/v1/profiles/layer/releases/" + uvc).then().statusCode(200)
                .body("settings.name", contains("sip_domain", "sip_password"))
                .body("settings[1].value", nullValue());

        body.put("settings", List.of(setting("sip_domain", "pbx.example.org"), secret("sip_password", "other"),
                setting("codec", "opus")));
        as(ADMIN).body(body).put("/api/v1/profiles/layer").then().statusCode(200);
        String next = published(ADMIN, "layer");
        String diff = as(ADMIN).get("/api/v1/profiles/layer/releases/" + uvc + "/diff/" + next).then().statusCode(200)
                .body("changed", org.hamcrest.Matchers.empty())
                .body("settings.added.name", contains("codec"))
                .body("settings.changed.name", contains("sip_domain", "sip_password"))
                .body("settings.changed[0].from", equalTo("pbx.example.com"))
                .body("settings.changed[0].to", equalTo("pbx.example.org"))
                .body("settings.changed[1].secret", equalTo(true))
                .extract().asString();
        assertThat(diff).doesNotContain("s3cret!").doesNotContain("other");
    }

    @Test
    void aSecretSettingWithoutAValueNeedsAStoredOne() {
        Map<String, Object> body = profile("no-secret", Map.of());
        body.put("settings", List.of(secret("sip_password", null)));

        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("settings[0].value"));
    }

    @Test
    void settingsBreakingTheLayerRulesAreRefusedNamingTheField() {
        Map<String, Object> body = profile("bad-settings", Map.of());
        body.put("settings", List.of(setting(".dot", "x")));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("settings[0].name"));

        body.put("settings", List.of(setting("a", "line\nbreak")));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("settings[0].value"));

        body.put("settings", List.of(setting("a", "x".repeat(1001))));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("settings[0].value"));

        body.put("settings", List.of(setting("a", "1"), setting("a", "2")));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("duplicate_name")).body("errors[0].field", equalTo("settings[1].name"));

        body.put("settings", IntStream.range(0, 101).mapToObj(i -> setting("s" + i, "v")).toList());
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("settings"));
        as(ADMIN).get("/api/v1/profiles/bad-settings").then().statusCode(404);
    }

    @Test
    void aParameterWithABadTemplateIsRefusedNamingTheFieldAndTheFault() {
        Map<String, Object> body = profile("bad-template", new LinkedHashMap<>(Map.of("A", "{{setting.a}}")));
        List<Object> parameters = new ArrayList<>((List<?>) body.get("parameters"));
        parameters.add(Map.of("name", "B", "value", "x"));
        parameters.add(Map.of("name", "C", "value", "sip:{{setting.sip_user}@pbx"));
        body.put("parameters", parameters);

        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("parameters[2].value"))
                .body("detail", containsString("'{{' without its '}}' (at character 5)"))
                .body("$", not(hasKey("extensions")));

        parameters.set(2, Map.of("name", "C", "value", "{{device.ip}}"));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("invalid_parameter")).body("detail", containsString("unknown fact 'device.ip'"));
        as(ADMIN).get("/api/v1/profiles/bad-template").then().statusCode(404);
    }

    @Test
    void secretAndOverrideValuesAreTemplatesToo() {
        Map<String, Object> body = profile("secret-template", Map.of());
        body.put("parameters", List.of(secret("P", "{{settings.password}}")));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("invalid_parameter")).body("errors[0].field", equalTo("parameters[0].value"));

        body.put("parameters", List.of(secret("P", "{{setting.password}}")));
        body.put("overrides", Map.of("7E:57:03:00:00:01", List.of(Map.of("name", "A", "value", "{{tenant.name}}"))));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("overrides.7E:57:03:00:00:01[0].value"));

        body.put("overrides", Map.of("7E:57:03:00:00:01", List.of(Map.of("name", "A", "value", "{{tenant.id}}"))));
        created(ADMIN, body);
    }

    @Test
    void theDigestCredentialsCannotReferToSettings() {
        Map<String, Object> body = profile("digest-template", Map.of());
        body.put("parameters", List.of(Map.of("name", "System.Security.HTTPAuthUsername", "value", "dev"),
                secret("System.Security.HTTPAuthPassword", "{{setting.http_password}}")));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("invalid_parameter")).body("errors[0].field", equalTo("parameters[1].value"))
                .body("detail", containsString("HTTP Digest credentials"));

        body.put("parameters", List.of(Map.of("name", "A", "value", "a")));
        body.put("overrides", Map.of("7E:57:03:00:00:02", List.of(Map.of("name",
                "System.Security.HTTPAuthUsername", "value", "{{device.mac}}"))));
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("overrides.7E:57:03:00:00:02[0].value"));
        as(ADMIN).get("/api/v1/profiles/digest-template").then().statusCode(404);
    }

    @Test
    void theDialectsValueRulesApplyToTheTemplateText() {
        Map<String, Object> body = profile("pnd-template", Map.of("sip_user", "{{setting.user|\"none\"}}"));
        body.put("dialect", "plug-n-dial");
        as(ADMIN).body(body).post("/api/v1/profiles").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("parameters[0].value"));

        body.put("name", "pnd-ok");
        body.put("parameters", List.of(Map.of("name", "sip_user", "value", "{{setting.user|none}}")));
        created(ADMIN, body);
    }
}
