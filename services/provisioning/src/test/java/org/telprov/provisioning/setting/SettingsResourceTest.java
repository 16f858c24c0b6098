package org.telprov.provisioning.setting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Setting;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** The partner API of settings: a device's own layer, label groups, tenant defaults and the effective view. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SettingsResourceTest {

    // This class's devices: 5e7700xxxxxx.
    private static final String ACME = TestTokens.partnerAdmin("set-acme");
    private static final String DEVICES = "/api/v1/settings/devices/";

    @Inject
    SettingsMemory memory;

    private static Map<String, Object> value(String value) {
        return Map.of("value", value);
    }

    private static Map<String, Object> secret(String value) {
        Map<String, Object> secret = new LinkedHashMap<>();
        if (value != null) {
            secret.put("value", value);
        }
        secret.put("secret", true);
        return secret;
    }

    private static Map<String, Object> layer(Map<String, ?> settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settings", settings);
        return body;
    }

    @Test
    void aDevicesOwnSettingsAreSetReadPatchedAndDeleted() {
        SettingsDevices.registered("set-acme", "5e7700000001");
        as(ACME).get(DEVICES + "5E:77:00:00:00:01").then().statusCode(200)
                .body("mac", equalTo("5e7700000001")).body("settings.size()", equalTo(0))
                .body("$", not(hasKey("changedAt")));

        as(ACME).body(layer(Map.of("sip_user", value("1001"), "sip_domain", value("pbx.example.com"))))
                .put(DEVICES + "5e-77-00-00-00-01").then().statusCode(200)
                .body("mac", equalTo("5e7700000001"))
                .body("settings.sip_user.value", equalTo("1001"))
                .body("settings.sip_domain.value", equalTo("pbx.example.com"))
                .body("settings.sip_user", not(hasKey("secret")))
                .body("changedAt", notNullValue());
        as(TestTokens.partner("set-acme", "partner")).get(DEVICES + "5e7700000001").then().statusCode(200)
                .body("settings.sip_user.value", equalTo("1001"));

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("sip_user", value("1002"));
        patch.put("sip_domain", null);
        patch.put("display_name", value("Front desk"));
        RestAssured.given().auth().oauth2(ACME).contentType("application/merge-patch+json").body(layer(patch))
                .patch(DEVICES + "5e7700000001").then().statusCode(200)
                .body("settings.keySet()", contains("display_name", "sip_user"))
                .body("settings.sip_user.value", equalTo("1002"));
        as(ACME).body(layer(Map.of("sip_domain", value("pbx2.example.com")))).patch(DEVICES + "5e7700000001")
                .then().statusCode(200).body("settings.keySet()", contains("display_name", "sip_domain", "sip_user"));

        as(ACME).delete(DEVICES + "5e7700000001").then().statusCode(204);
        as(ACME).get(DEVICES + "5e7700000001").then().statusCode(200)
                .body("settings.size()", equalTo(0)).body("changedAt", notNullValue());
    }

    @Test
    void aWriteThatChangesNothingLeavesTheLayerAsItWas() {
        SettingsDevices.registered("set-acme", "5e7700000002");
        Map<String, Object> body = layer(Map.of("sip_user", value("2001"), "sip_password", secret("pw-2001")));
        String changedAt = as(ACME).body(body).put(DEVICES + "5e7700000002").then().statusCode(200)
                .extract().path("changedAt");
        String sealed = memory.device("set-acme", 0x5e7700000002L).get("sip_password").value();

        as(ACME).body(body).put(DEVICES + "5e7700000002").then().statusCode(200)
                .body("changedAt", equalTo(changedAt));
        as(ACME).body(layer(Map.of("sip_user", value("2001")))).patch(DEVICES + "5e7700000002").then()
                .statusCode(200).body("changedAt", equalTo(changedAt));
        assertThat(memory.device("set-acme", 0x5e7700000002L).get("sip_password").value()).isEqualTo(sealed);
    }

    @Test
    void secretsAreNeverReturnedAndKeptWhenSentWithoutAValue() {
        SettingsDevices.registered("set-acme", "5e7700000003");
        as(ACME).body(layer(Map.of("sip_user", value("3001"), "sip_password", secret("s3cret-3001"))))
                .put(DEVICES + "5e7700000003").then().statusCode(200)
                .body("settings.sip_password.secret", equalTo(true))
                .body("settings.sip_password", not(hasKey("value")));
        String body = as(ACME).get(DEVICES + "5e7700000003").then().statusCode(200)
                .body("settings.sip_password.secret", equalTo(true)).extract().asString();
        assertThat(body).doesNotContain("s3cret-3001");
        String sealed = memory.device("set-acme", 0x5e7700000003L).get("sip_password").value();
        assertThat(sealed).startsWith("v1:").doesNotContain("s3cret-3001");

        // what GET answered, sent back with one change: the secret stays as it was
        as(ACME).body(layer(Map.of("sip_user", value("3002"), "sip_password", secret(null))))
                .put(DEVICES + "5e7700000003").then().statusCode(200)
                .body("settings.sip_user.value", equalTo("3002")).body("settings.sip_password.secret", equalTo(true));
        assertThat(memory.device("set-acme", 0x5e7700000003L).get("sip_password").value()).isEqualTo(sealed);
        String effective = as(ACME).get(DEVICES + "5e7700000003/effective").then().statusCode(200)
                .body("settings.find { it.name == 'sip_password' }.secret", equalTo(true))
                .body("settings.find { it.name == 'sip_password' }", not(hasKey("value")))
                .extract().asString();
        assertThat(effective).doesNotContain("s3cret-3001");

        // a secret without a value and nothing stored to keep
        as(ACME).body(layer(Map.of("other_secret", secret(null)))).patch(DEVICES + "5e7700000003").then()
                .statusCode(400).body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("settings.other_secret.value"));
    }

    @Test
    void invalidSettingsAreRefusedNamingTheField() {
        SettingsDevices.registered("set-acme", "5e7700000004");
        as(ACME).body(layer(Map.of("sip_user", value("line\nbreak")))).put(DEVICES + "5e7700000004").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("settings.sip_user.value"));
        as(ACME).body(layer(Map.of("sip_user", value("x".repeat(1001))))).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("errors[0].field", equalTo("settings.sip_user.value"));
        as(ACME).body(layer(Map.of("sip user", value("1")))).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("errors[0].field", equalTo("settings.sip user"));
        as(ACME).body(layer(Map.of("sip_user", Map.of()))).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("errors[0].field", equalTo("settings.sip_user.value"));
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= Setting.MAX_PER_LAYER; i++) {
            many.put("s" + i, value("v"));
        }
        as(ACME).body(layer(many)).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("errors[0].field", equalTo("settings"));
        as(ACME).body(Map.of()).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("errors[0].field", equalTo("settings"));
        as(ACME).body(Map.of("settings", Map.of(), "tenantId", "set-globex")).put(DEVICES + "5e7700000004").then()
                .statusCode(400).body("code", equalTo("malformed_body"));

        as(ACME).get(DEVICES + "not-a-mac").then().statusCode(400).body("code", equalTo("invalid_mac"))
                .body("errors[0].field", equalTo("mac"));
        RestAssured.given().urlEncodingEnabled(false).auth().oauth2(ACME).get(DEVICES + "5e77000000%00")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_parameter"));
        as(ACME).body(layer(Map.of("a", value("1")))).put("/api/v1/settings/labels/-floor").then()
                .statusCode(400).body("code", equalTo("invalid_parameter")).body("errors[0].field", equalTo("label"));
        as(ACME).get("/api/v1/settings/labels/" + "l".repeat(51)).then().statusCode(400)
                .body("errors[0].field", equalTo("label"));

        as(ACME).get(DEVICES + "5e7700000004").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void aReadOnlyPartnerCannotWrite() {
        SettingsDevices.registered("set-acme", "5e7700000005");
        String reader = TestTokens.partner("set-acme", "partner");
        Map<String, Object> body = layer(Map.of("a", value("1")));
        as(reader).get(DEVICES + "5e7700000005").then().statusCode(200);
        as(reader).body(body).put(DEVICES + "5e7700000005").then().statusCode(403);
        as(reader).body(body).patch(DEVICES + "5e7700000005").then().statusCode(403);
        as(reader).delete(DEVICES + "5e7700000005").then().statusCode(403);
        as(reader).body(body).put("/api/v1/settings/tenant").then().statusCode(403);
        as(reader).body(body).put("/api/v1/settings/labels/floor-2").then().statusCode(403);
        RestAssured.given().auth().oauth2(reader).contentType("text/csv").body("mac,a\n5e7700000005,1\n")
                .post(DEVICES + "import").then().statusCode(403);
        as(TestTokens.operator()).body(body).put(DEVICES + "5e7700000005").then().statusCode(403);
        as(reader).get(DEVICES + "5e7700000005").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void anotherTenantsDeviceLooksExactlyLikeAnUnknownOne() {
        SettingsDevices.registered("set-acme", "5e7700000006");
        as(ACME).body(layer(Map.of("sip_user", value("6001")))).put(DEVICES + "5e7700000006").then().statusCode(200);
        String globex = TestTokens.partnerAdmin("set-globex");
        Map<String, Object> body = layer(Map.of("sip_user", value("hijacked")));

        String foreign = as(globex).get(DEVICES + "5e7700000006").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found")).extract().asString();
        String unknown = as(globex).get(DEVICES + "5e77000000ff").then().statusCode(404).extract().asString();
        assertThat(foreign.replace("5e7700000006", "X")).isEqualTo(unknown.replace("5e77000000ff", "X"));
        as(globex).get(DEVICES + "5e7700000006/effective").then().statusCode(404);
        as(globex).body(body).put(DEVICES + "5e7700000006").then().statusCode(404);
        as(globex).body(body).patch(DEVICES + "5e7700000006").then().statusCode(404);
        as(globex).delete(DEVICES + "5e7700000006").then().statusCode(404);
        // a tenant parameter does not widen a partner's scope
        as(globex).queryParam("tenant", "set-acme").get(DEVICES + "5e7700000006").then().statusCode(404);

        as(ACME).get(DEVICES + "5e7700000006").then().statusCode(200).body("settings.sip_user.value", equalTo("6001"));
        as(TestTokens.operator()).queryParam("tenant", "set-acme").get(DEVICES + "5e7700000006").then()
                .statusCode(200).body("settings.sip_user.value", equalTo("6001"));
        as(TestTokens.operator()).get(DEVICES + "5e7700000006").then().statusCode(400);
    }

    @Test
    void aDeviceThatChangedTenantsDoesNotTakeItsSettingsAlong() {
        SettingsDevices.registered("set-acme", "5e7700000007");
        as(ACME).body(layer(Map.of("sip_user", value("7001"), "sip_password", secret("acme-7001"))))
                .put(DEVICES + "5e7700000007").then().statusCode(200);
        SettingsDevices.released("set-acme", 2, "5e7700000007");
        as(ACME).get(DEVICES + "5e7700000007").then().statusCode(404).body("code", equalTo("not_found"));
        as(ACME).body(layer(Map.of("a", value("1")))).put(DEVICES + "5e7700000007").then().statusCode(404);

        String globex = TestTokens.partnerAdmin("set-globex");
        SettingsDevices.registered("set-globex", null, List.of(), 3, "5e7700000007");
        as(globex).get(DEVICES + "5e7700000007").then().statusCode(200).body("settings.size()", equalTo(0));
        as(globex).get(DEVICES + "5e7700000007/effective").then().statusCode(200).body("settings.size()", equalTo(0));
        // acme's stored secret is not kept for globex
        as(globex).body(layer(Map.of("sip_password", secret(null)))).put(DEVICES + "5e7700000007").then()
                .statusCode(400);
        as(globex).body(layer(Map.of("sip_user", value("9001")))).patch(DEVICES + "5e7700000007").then()
                .statusCode(200).body("settings.keySet()", contains("sip_user"));
    }

    @Test
    void theMemorySeesAWriteAtOnce() {
        SettingsDevices.registered("set-acme", "5e7700000008");
        as(ACME).body(layer(Map.of("sip_user", value("8001")))).put(DEVICES + "5e7700000008").then().statusCode(200);
        assertThat(memory.device("set-acme", 0x5e7700000008L).get("sip_user").value()).isEqualTo("8001");
        as(ACME).body(layer(Map.of("floor", value("2")))).put("/api/v1/settings/labels/floor-8").then()
                .statusCode(200);
        assertThat(memory.group("set-acme", "floor-8").get("floor").value()).isEqualTo("2");
        as(ACME).delete(DEVICES + "5e7700000008").then().statusCode(204);
        assertThat(memory.device("set-acme", 0x5e7700000008L).isEmpty()).isTrue();
    }

    @Test
    void theEffectiveViewNamesTheLayerOfEachValue() {
        String admin = TestTokens.partnerAdmin("set-layers");
        created(admin, profile("set-office", Map.of("SIP.Account.0.AuthName", "{{setting.sip_user}}")));
        String uvc = published(admin, "set-office");
        SettingsDevices.registered("set-layers", "set-office", List.of("floor-2", "vip"), 1, "5e7700000009");
        SettingsDevices.registered("set-layers", "5e770000000a");

        as(admin).body(layer(Map.of("a", value("tenant"), "b", value("tenant"), "c", value("tenant"),
                "pw", secret("tenant-secret")))).put("/api/v1/settings/tenant").then().statusCode(200)
                .body("$", not(hasKey("label"))).body("$", not(hasKey("mac")));
        as(admin).body(layer(Map.of("a", value("vip"), "b", value("vip")))).put("/api/v1/settings/labels/vip")
                .then().statusCode(200).body("label", equalTo("vip"));
        as(admin).body(layer(Map.of("a", value("floor")))).put("/api/v1/settings/labels/floor-2")
                .then().statusCode(200);
        String changedAt = as(admin).body(layer(Map.of("d", value("device")))).put(DEVICES + "5e7700000009").then()
                .statusCode(200).extract().path("changedAt");
        // the release refers to a setting: the device's version is its settings' last change (the device's, written
        // last), newer than the release's UVC
        String version = Uvc.format(Instant.parse(changedAt));
        assertThat(version).isGreaterThanOrEqualTo(uvc);

        as(admin).get(DEVICES + "5e7700000009/effective").then().statusCode(200)
                .body("mac", equalTo("5e7700000009"))
                .body("version", equalTo(version))
                .body("settings.name", contains("a", "b", "c", "d", "pw"))
                .body("settings.layer", contains("label:floor-2", "label:vip", "tenant", "device", "tenant"))
                .body("settings.value", contains("floor", "vip", "tenant", "device", null))
                .body("settings.secret", contains(false, false, false, false, true));
        // without a release: no version, no profile layer
        as(admin).get(DEVICES + "5e770000000a/effective").then().statusCode(200)
                .body("$", not(hasKey("version")))
                .body("settings.layer", contains("tenant", "tenant", "tenant", "tenant"));

        as(admin).get("/api/v1/settings/tenant").then().statusCode(200)
                .body("settings.pw.secret", equalTo(true)).body("settings.pw.value", nullValue());
        as(admin).delete("/api/v1/settings/tenant").then().statusCode(204);
        as(admin).get(DEVICES + "5e770000000a/effective").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void labelGroupsAreListedByLabelAPageAtATime() {
        String admin = TestTokens.partnerAdmin("set-labels");
        for (String label : List.of("lab-c", "lab-a", "lab-b", "lab-d")) {
            as(admin).body(layer(Map.of("x", value(label)))).put("/api/v1/settings/labels/" + label).then()
                    .statusCode(200);
        }
        as(admin).delete("/api/v1/settings/labels/lab-d").then().statusCode(204);
        as(admin).get("/api/v1/settings/labels/lab-d").then().statusCode(200).body("settings.size()", equalTo(0));
        as(admin).get("/api/v1/settings/labels/never-set").then().statusCode(200)
                .body("label", equalTo("never-set")).body("$", not(hasKey("changedAt")));
        as(admin).body(layer(Map.of("x", value("defaults")))).put("/api/v1/settings/tenant").then().statusCode(200);

        as(admin).get("/api/v1/settings/labels").then().statusCode(200)
                .body("total", equalTo(3)).body("items.label", contains("lab-a", "lab-b", "lab-c"))
                .body("items[0].settings.x.value", equalTo("lab-a"));
        RestAssured.given().auth().oauth2(TestTokens.partner("set-labels", "partner")).contentType(ContentType.JSON)
                .queryParam("page", 1).queryParam("size", 2).get("/api/v1/settings/labels").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("items.label", contains("lab-c"));
        as(TestTokens.partnerAdmin("set-globex")).get("/api/v1/settings/labels").then().statusCode(200)
                .body("total", equalTo(0));
        as(admin).queryParam("size", 0).get("/api/v1/settings/labels").then().statusCode(400);
    }

    @Test
    void everyPublishAndSettingsChangeOfATenantIsStampedAfterTheOnesADevicesVersionCouldShare() {
        // Written as fast as the API answers, so most of these fall in one second: each must still be a new version.
        String admin = TestTokens.partnerAdmin("set-stamps");
        created(admin, profile("stamps", Map.of("SIP.Account.0.Username", "{{setting.sip_user}}")));
        SettingsDevices.registered("set-stamps", "stamps", List.of("floor-2"), 1, "5e770000000b");
        String device = DEVICES + "5e770000000b";
        as(admin).body(layer(Map.of("sip_user", value("1100")))).put(device).then().statusCode(200);
        Instant previous = Instant.EPOCH;
        for (int round = 0; round < 3; round++) {
            Instant release = Uvc.parse(published(admin, "stamps")).orElseThrow();
            Instant own = changedAt(as(admin).body(layer(Map.of("sip_user", value("11" + round + "1")))).put(device));
            Instant label = changedAt(as(admin).body(layer(Map.of("floor", value("2." + round))))
                    .put("/api/v1/settings/labels/floor-2"));
            Instant own2 = changedAt(as(admin).body(layer(Map.of("sip_user", value("11" + round + "2")))).put(device));
            Instant defaults = changedAt(as(admin).body(layer(Map.of("region", value("eu-" + round))))
                    .put("/api/v1/settings/tenant"));
            assertThat(List.of(previous, release, own, label, own2, defaults)).as("round " + round).isSorted()
                    .doesNotHaveDuplicates();
            previous = defaults;
        }
    }

    private static Instant changedAt(io.restassured.response.Response response) {
        return Instant.parse(response.then().statusCode(200).extract().<String>path("changedAt"));
    }
}
