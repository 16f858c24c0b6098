package org.telprov.provisioning.setting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Setting;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.provisioning.Provisioning.as;

/** The CSV import of device settings: the report, what a row sets and removes, re-runs, and whole-file refusals. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SettingsImportTest {

    // This class's devices: 5e7710xxxxxx.
    private static final String ACME = TestTokens.partnerAdmin("setimp-acme");
    private static final String DEVICES = "/api/v1/settings/devices/";

    @Inject
    SettingsMemory memory;

    private static ValidatableResponse imported(String token, String csv) {
        return RestAssured.given().auth().oauth2(token).contentType("text/csv").body(csv)
                .post(DEVICES + "import").then();
    }

    @Test
    void theReportCountsChangedRowsAndRejectsEachBadRowWithItsReason() {
        SettingsDevices.registered("setimp-acme", "5e7710000001", "5e7710000002", "5e7710000003", "5e7710000004");
        String globex = TestTokens.partnerAdmin("setimp-globex");
        SettingsDevices.registered("setimp-globex", "5e7710000005");

        imported(ACME, """
                mac,sip_user,sip_password:secret,display_name
                5e7710000001,1001,pw-1001,Desk 1
                5E:77:10:00:00:02,1002,pw-1002,"Desk, two"
                5e7710000005,hijack,hijack,hijack
                5e77100000ff,1,2,3
                5e7710000001,1009,pw-1009,Again
                not-a-mac,1,2,3
                5e7710000003,"line
                break",x,y
                5e7710000004,1004
                """).statusCode(200)
                .body("rows", equalTo(8)).body("changed", equalTo(2)).body("unchanged", equalTo(0))
                .body("rejected.row", contains(3, 4, 5, 6, 7, 8))
                .body("rejected.code", contains("not_found", "not_found", "duplicate", "invalid_parameter",
                        "invalid_parameter", "invalid_parameter"))
                .body("rejected.mac", contains("5e7710000005", "5e77100000ff", "5e7710000001", "not-a-mac",
                        "5e7710000003", "5e7710000004"));

        as(ACME).get(DEVICES + "5e7710000001").then().statusCode(200)
                .body("settings.sip_user.value", equalTo("1001"))
                .body("settings.sip_password.secret", equalTo(true))
                .body("settings.display_name.value", equalTo("Desk 1"));
        as(ACME).get(DEVICES + "5e7710000002").then().body("settings.display_name.value", equalTo("Desk, two"));
        assertThat(memory.device("setimp-acme", 0x5e7710000002L).get("sip_password").value())
                .startsWith("v1:").doesNotContain("pw-1002");
        // rejected rows wrote nothing, and another tenant's device is as it was
        as(ACME).get(DEVICES + "5e7710000003").then().body("settings.size()", equalTo(0));
        as(ACME).get(DEVICES + "5e7710000004").then().body("settings.size()", equalTo(0));
        as(globex).get(DEVICES + "5e7710000005").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void anEmptyCellRemovesTheSettingAndSettingsNotInTheFileStay() {
        SettingsDevices.registered("setimp-acme", "5e7710000011");
        as(ACME).body(Map.of("settings", Map.of("keep", Map.of("value", "k"), "sip_user", Map.of("value", "1")))).put(
                DEVICES + "5e7710000011").then().statusCode(200);

        imported(ACME, "mac,sip_user,display_name\n5e7710000011,,Front desk\n").statusCode(200)
                .body("changed", equalTo(1)).body("rejected", empty());

        as(ACME).get(DEVICES + "5e7710000011").then().statusCode(200)
                .body("settings.keySet()", contains("display_name", "keep"))
                .body("settings.keep.value", equalTo("k"))
                .body("settings.display_name.value", equalTo("Front desk"));
    }

    @Test
    void aReRunOfTheSameFileChangesNothing() {
        SettingsDevices.registered("setimp-acme", "5e7710000021", "5e7710000022");
        String csv = """
                mac,sip_user,sip_password:secret
                5e7710000021,2001,pw-2001
                5e7710000022,2002,pw-2002
                """;
        imported(ACME, csv).statusCode(200).body("changed", equalTo(2));
        String changedAt = as(ACME).get(DEVICES + "5e7710000021").then().extract().path("changedAt");
        Setting sealed = memory.device("setimp-acme", 0x5e7710000021L).get("sip_password");

        imported(ACME, csv).statusCode(200).body("rows", equalTo(2)).body("changed", equalTo(0))
                .body("unchanged", equalTo(2)).body("rejected", empty());

        as(ACME).get(DEVICES + "5e7710000021").then().body("changedAt", equalTo(changedAt));
        assertThat(memory.device("setimp-acme", 0x5e7710000021L).get("sip_password")).isEqualTo(sealed);
        assertThat(memory.device("setimp-acme", 0x5e7710000021L).changedAt())
                .isEqualTo(java.time.Instant.parse(changedAt).getEpochSecond());

        // a changed secret is sealed anew
        imported(ACME, "mac,sip_password:secret\n5e7710000021,pw-new\n").statusCode(200).body("changed", equalTo(1));
        assertThat(memory.device("setimp-acme", 0x5e7710000021L).get("sip_password").value())
                .isNotEqualTo(sealed.value());
    }

    @Test
    void aBadHeaderRefusesTheWholeFile() {
        SettingsDevices.registered("setimp-acme", "5e7710000031");
        for (String header : new String[]{"device,sip_user", "mac", "mac,sip user", "mac,a,a:secret", "mac,.a", ""}) {
            imported(ACME, header + "\n5e7710000031,1\n").statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_csv_header"));
        }
        imported(ACME, "").statusCode(400).body("code", equalTo("invalid_csv_header"));
        imported(ACME, "mac,a\n5e7710000031,\"unterminated\n").statusCode(400)
                .body("code", equalTo("malformed_csv"));
        as(ACME).get(DEVICES + "5e7710000031").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void moreThan100000RowsAreRefusedAndNothingIsWritten() {
        SettingsDevices.registered("setimp-acme", "5e7710000041");
        StringBuilder csv = new StringBuilder("mac,sip_user\n5e7710000041,1\n");
        for (int i = 1; i < SettingsCsv.MAX_ROWS + 1; i++) {
            csv.append("%012x".formatted(0x5e7720000000L + i)).append(",1\n");
        }
        imported(ACME, csv.toString()).statusCode(400).body("code", equalTo("too_many_rows"));
        as(ACME).get(DEVICES + "5e7710000041").then().statusCode(200).body("settings.size()", equalTo(0));
    }

    @Test
    void aReadOnlyPartnerAndTheOperatorCannotImport() {
        imported(TestTokens.partner("setimp-acme", "partner"), "mac,a\n").statusCode(403);
        imported(TestTokens.operator(), "mac,a\n").statusCode(403);
    }
}
