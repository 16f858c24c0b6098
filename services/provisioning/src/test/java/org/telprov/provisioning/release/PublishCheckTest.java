package org.telprov.provisioning.release;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.setting.SettingRows;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

/**
 * Publishing checks that every device of the profile gets a value for every reference without a default; the dry run
 * shows the same. Devices are rows of the read model written with SQL (MACs 7e5701…).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class PublishCheckTest {

    private static String mac(int tenantNo, int i) {
        return String.format("7e5701%02x%04x", tenantNo, i);
    }

    @Test
    void aPublishLeavingDevicesWithoutValuesIsRefusedWithTheFirstHundredAndTheTotal() {
        String admin = TestTokens.partnerAdmin("chk-refused");
        Map<String, Object> body = profile("sip", Map.of());
        body.put("parameters", List.of(
                Map.of("name", "SIP.Account.0.AuthName", "value", "{{setting.sip_user}}"),
                Map.of("name", "SIP.Account.0.Domain", "value", "{{setting.sip_domain|pbx.example.com}}"),
                Map.of("name", "Device.Serial", "value", "sn-{{device.serial}}"),
                secret("SIP.Account.0.Password", "{{setting.sip_password}}")));
        // device 5 overrides both templated SIP values with its own
        body.put("overrides", Map.of(mac(1, 5), List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1005"),
                secret("SIP.Account.0.Password", "pw-1005"))));
        created(admin, body);
        for (int i = 0; i < 120; i++) {
            SettingRows.readModelDevice(mac(1, i), "chk-refused", "sip", i % 2 == 0 ? null : "SN" + i, "", false);
        }
        SettingRows.device(mac(1, 1), "chk-refused", 1000, Map.of("sip_user", "1001", "sip_password", "pw"));
        SettingRows.readModelDevice(mac(1, 200), "chk-refused", "sip", null, "", true);
        SettingRows.readModelDevice(mac(1, 201), "chk-refused", "other", null, "", false);
        SettingRows.readModelDevice(mac(1, 202), "chk-other-tenant", "sip", null, "", false);
        SettingRows.refresh();

        as(admin).post("/api/v1/profiles/sip/releases").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unresolved_settings"))
                .body("detail", containsString("118 of the profile's 120 devices"))
                .body("total", equalTo(118))
                .body("devices", hasSize(100))
                .body("devices[0].mac", equalTo(mac(1, 0)))
                .body("devices[0].missing", contains("sip_user", "sip_password", "device.serial"))
                .body("devices[1].mac", equalTo(mac(1, 2)))
                .body("devices[2].mac", equalTo(mac(1, 3)))
                .body("devices[2].missing", contains("sip_user", "sip_password"))
                .body("devices[4].mac", equalTo(mac(1, 6)));
        as(admin).get("/api/v1/profiles/sip/releases").then().statusCode(200).body("total", equalTo(0));
        // a staged publish is checked like any other
        as(admin).queryParam("percent", 10).post("/api/v1/profiles/sip/releases").then().statusCode(422)
                .body("total", equalTo(118));
    }

    @Test
    void aPublishGoesThroughWhenDefaultsAndEveryLayerResolveTheReferences() {
        String admin = TestTokens.partnerAdmin("chk-layers");
        Map<String, Object> body = profile("layers", Map.of());
        body.put("parameters", List.of(
                Map.of("name", "User", "value", "{{setting.user}}"),
                Map.of("name", "Domain", "value", "{{setting.domain}}"),
                Map.of("name", "Codec", "value", "{{setting.codec}}"),
                Map.of("name", "Proxy", "value", "{{setting.proxy}}"),
                Map.of("name", "Serial", "value", "{{device.serial|none}}"),
                Map.of("name", "Optional", "value", "{{setting.optional|off}}"),
                Map.of("name", "Facts", "value", "{{device.mac}} {{device.model}} {{device.vendor}} {{tenant.id}}")));
        body.put("settings", List.of(Map.of("name", "domain", "value", "pbx.example.com")));
        created(admin, body);
        SettingRows.readModelDevice(mac(2, 1), "chk-layers", "layers", null, "east", false);
        SettingRows.readModelDevice(mac(2, 2), "chk-layers", "layers", null, "west,east", false);
        SettingRows.readModelDevice(mac(2, 3), "chk-layers", "layers", null, "", false);
        for (int i = 1; i <= 3; i++) {
            SettingRows.device(mac(2, i), "chk-layers", 1000, Map.of("user", "10" + i));
        }
        SettingRows.group("chk-layers", "", 1000, Map.of("codec", "g722"));
        SettingRows.group("chk-layers", "east", 1000, Map.of("proxy", "east.example.com"));
        SettingRows.refresh();

        as(admin).get("/api/v1/profiles/layers/releases/check").then().statusCode(200)
                .body("devices", equalTo(3))
                .body("unresolved.total", equalTo(1))
                .body("unresolved.items[0].mac", equalTo(mac(2, 3)))
                .body("unresolved.items[0].missing", contains("proxy"));
        as(admin).post("/api/v1/profiles/layers/releases").then().statusCode(422)
                .body("devices[0].missing", contains("proxy"));

        SettingRows.group("chk-layers", "", 1001, Map.of("codec", "g722", "proxy", "default.example.com"));
        SettingRows.refresh();
        as(admin).get("/api/v1/profiles/layers/releases/check").then().statusCode(200)
                .body("devices", equalTo(3)).body("unresolved.total", equalTo(0)).body("unresolved.items", empty());
        published(admin, "layers");
    }

    @Test
    void aRollbackIsCheckedAgainstTodaysSettings() {
        String admin = TestTokens.partnerAdmin("chk-rollback");
        created(admin, profile("rb", Map.of("User", "{{setting.user}}")));
        SettingRows.readModelDevice(mac(3, 1), "chk-rollback", "rb", null, "", false);
        SettingRows.group("chk-rollback", "", 1000, Map.of("user", "shared"));
        SettingRows.refresh();
        String templated = published(admin, "rb");
        as(admin).body(profile("rb", Map.of("User", "plain"))).put("/api/v1/profiles/rb").then().statusCode(200);
        published(admin, "rb");

        SettingRows.group("chk-rollback", "", 1001, Map.of());
        SettingRows.refresh();
        as(admin).queryParam("from", templated).post("/api/v1/profiles/rb/releases").then().statusCode(422)
                .body("code", equalTo("unresolved_settings"))
                .body("devices[0].missing", contains("user"));
        published(admin, "rb");
    }

    @Test
    void theDryRunPagesTheUnresolvedDevicesInMacOrder() {
        String admin = TestTokens.partnerAdmin("chk-paged");
        created(admin, profile("paged", Map.of("User", "{{setting.user}}")));
        for (int i = 6; i >= 0; i--) {
            SettingRows.readModelDevice(mac(4, i), "chk-paged", "paged", null, "", false);
        }

        as(TestTokens.partner("chk-paged", "partner")).queryParam("page", 1).queryParam("size", 3)
                .get("/api/v1/profiles/paged/releases/check").then().statusCode(200)
                .body("devices", equalTo(7))
                .body("unresolved.page", equalTo(1)).body("unresolved.size", equalTo(3))
                .body("unresolved.total", equalTo(7))
                .body("unresolved.items.mac", contains(mac(4, 3), mac(4, 4), mac(4, 5)))
                .body("unresolved.items[0].missing", contains("user"));
        as(admin).queryParam("page", 2).queryParam("size", 3).get("/api/v1/profiles/paged/releases/check")
                .then().statusCode(200).body("unresolved.items.mac", contains(mac(4, 6)));
        as(admin).get("/api/v1/profiles/paged/releases/check").then().statusCode(200)
                .body("unresolved.size", equalTo(50)).body("unresolved.items", hasSize(7));
        as(TestTokens.operator()).queryParam("tenant", "chk-paged").get("/api/v1/profiles/paged/releases/check")
                .then().statusCode(200).body("unresolved.total", equalTo(7));
    }

    /**
     * Every device with its own SIP account and a label, every tenth without a password: the check finds exactly
     * those. Prints how long the check took; {@code -Dpublish.check.devices=100000} measures at the scale.
     */
    @Test
    void everyDeviceOfALargeProfileIsChecked() {
        int devices = Integer.getInteger("publish.check.devices", 300);
        String admin = TestTokens.partnerAdmin("chk-large");
        Map<String, Object> body = profile("large", Map.of());
        body.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "{{setting.sip_user}}"),
                secret("SIP.Account.0.Password", "{{setting.sip_password}}"),
                Map.of("name", "SIP.Account.0.Domain", "value", "{{setting.sip_domain}}"),
                Map.of("name", "Serial", "value", "{{device.serial}}")));
        created(admin, body);
        SettingRows.sql("insert into device (mac, tenant_id, vendor, model, serial, profile, labels, released, version) "
                + "select '7e5705' || lpad(to_hex(i), 6, '0'), 'chk-large', 'gigaset-maxwell', 'mx3b', 'SN' || i, "
                + "'large', 'floor' || (i % 10) || ',site', false, 1 from generate_series(0, " + (devices - 1) + ") i");
        SettingRows.sql("insert into device_settings (mac, tenant_id, settings, changed_at) "
                + "select '7e5705' || lpad(to_hex(i), 6, '0'), 'chk-large', case when i % 10 = 0 "
                + "then jsonb_build_array(jsonb_build_object('name', 'sip_user', 'value', '' || i, 'secret', false)) "
                + "else jsonb_build_array(jsonb_build_object('name', 'sip_password', 'value', 'pw' || i, "
                + "'secret', false), jsonb_build_object('name', 'sip_user', 'value', '' || i, 'secret', false)) end, "
                + "now() from generate_series(0, " + (devices - 1) + ") i");
        SettingRows.group("chk-large", "site", 1000, Map.of("sip_domain", "pbx.example.com"));
        SettingRows.refresh();

        long started = System.nanoTime();
        as(admin).queryParam("size", 10).get("/api/v1/profiles/large/releases/check").then().statusCode(200)
                .body("devices", equalTo(devices))
                .body("unresolved.total", equalTo(devices / 10))
                .body("unresolved.items[1].mac", equalTo("7e570500000a"))
                .body("unresolved.items[1].missing", contains("sip_password"));
        long dryRun = System.nanoTime() - started;
        started = System.nanoTime();
        as(admin).post("/api/v1/profiles/large/releases").then().statusCode(422)
                .body("total", equalTo(devices / 10)).body("devices", hasSize(Math.min(100, devices / 10)));
        long publish = System.nanoTime() - started;
        System.out.printf("publish check of %,d devices: dry run %d ms, refused publish %d ms%n", devices,
                dryRun / 1_000_000, publish / 1_000_000);
    }

    @Test
    void theDryRunRefusesBadPagingAndAnswersAnotherTenantsProfileAsUnknown() {
        String admin = TestTokens.partnerAdmin("chk-bad");
        created(admin, profile("bad", Map.of("User", "{{setting.user}}")));

        as(admin).queryParam("page", -1).get("/api/v1/profiles/bad/releases/check").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("page"));
        as(admin).queryParam("size", 0).get("/api/v1/profiles/bad/releases/check").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        as(admin).queryParam("size", 501).get("/api/v1/profiles/bad/releases/check").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        as(admin).queryParam("page", "x").get("/api/v1/profiles/bad/releases/check").then().statusCode(400)
                .body("code", equalTo("invalid_parameter"));
        as(admin).get("/api/v1/profiles/none/releases/check").then().statusCode(404)
                .body("code", equalTo("not_found"));
        as(TestTokens.partnerAdmin("chk-intruder")).get("/api/v1/profiles/bad/releases/check").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }
}
