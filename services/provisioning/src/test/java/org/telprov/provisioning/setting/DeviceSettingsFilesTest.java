package org.telprov.provisioning.setting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.Provisioning;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.file.StrictXml;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.profile.Setting;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.provisioning.release.ResolvedRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * Device files with per-device settings, in every dialect: the device's own values composed into the release's shared
 * file exactly as the dialect's renderer writes them (hostile characters included), the device's own version, and a
 * change of one device's settings changing that device's files only.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceSettingsFilesTest {

    private static final String TENANT = "dset-acme";
    private static final String ADMIN = TestTokens.partnerAdmin(TENANT);
    private static final String HOSTILE = "Tom <&\"'> ]]> O'Neil";
    private static final String PASSWORD = "pa55<&>'word";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Dialect, String> RELEASES = new HashMap<>();

    @Inject
    EntityManager entityManager;
    @Inject
    SecretBox secrets;
    @Inject
    SettingsMemory memory;
    @Inject
    DeviceReleases releases;
    @Inject
    Dialects dialects;

    /** The dialect's index in the MACs of this test: 5e779d 0000nn. */
    private static String mac(Dialect dialect, int device) {
        return "5e779%d0000%02x".formatted(dialect.ordinal(), device);
    }

    @BeforeEach
    void profilesAndDevices() {
        withoutDeviceAuth(ADMIN);
        if (!RELEASES.isEmpty()) {
            return;
        }
        for (Dialect dialect : Dialect.values()) {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("name", "dset-" + dialect.id());
            profile.put("dialect", dialect.id());
            profile.put("parameters", List.of(
                    Map.of("name", name(dialect, "user"), "value", "{{setting.sip_user}}"),
                    Map.of("name", name(dialect, "display"), "value", "{{setting.display|Desk phone}} at {{device.model}}"),
                    Map.of("name", name(dialect, "password"), "value", "{{setting.sip_password}}"),
                    Map.of("name", name(dialect, "server"), "value", "sip.example.com")));
            created(ADMIN, profile);
            RELEASES.put(dialect, published(ADMIN, "dset-" + dialect.id()));
            for (int device = 1; device <= 4; device++) {
                Provisioning.device(org.telprov.events.DeviceSnapshot.REGISTERED, mac(dialect, device), TENANT,
                        "mx" + device, "dset-" + dialect.id(), 1);
            }
        }
    }

    /** Parameter names as each dialect's profiles spell them (Auerswald's dots are sections). */
    private static String name(Dialect dialect, String name) {
        return dialect == Dialect.AUERSWALD ? "sip." + name : "sip_" + name;
    }

    @Test
    void everyDialectComposesTheDevicesOwnValuesAsItsRendererWritesThem() throws Exception {
        for (Dialect dialect : Dialect.values()) {
            String mac = mac(dialect, 1);
            String display = dialect == Dialect.PLUG_N_DIAL ? HOSTILE.replace("\"", "") : HOSTILE;
            write(mac, TENANT, changedAt(dialect, 3600), List.of(new Setting("sip_user", "1001", false),
                    new Setting("display", display, false), new Setting("sip_password", PASSWORD, true)));

            byte[] served = get(mainFile(dialect, mac)).then().statusCode(200).extract().asByteArray();
            assertThat(new String(served, StandardCharsets.UTF_8)).as(dialect.id())
                    .isEqualTo(new String(ownRender(dialect, mac), StandardCharsets.UTF_8));
            Map<String, String> values = values(dialect, served);
            assertThat(values).as(dialect.id()).containsEntry(name(dialect, "user"), "1001")
                    .containsEntry(name(dialect, "display"), display + " at mx1")
                    .containsEntry(name(dialect, "password"), PASSWORD);
            if (dialect == Dialect.MAXWELL_11) {
                // its first file is public and shared: the device's own values are only in its last file
                values = values(dialect, get("/prov/" + mac + "/provisioning.xml").asByteArray());
                assertThat(values).doesNotContainKeys("sip_user", "sip_display", "sip_password");
            }
            assertThat(values).as(dialect.id()).containsEntry(name(dialect, "server"), "sip.example.com");
        }
    }

    @Test
    void aDevicesVersionFollowsItsOwnSettingsAndAChangeReachesThatDeviceOnly() {
        for (Dialect dialect : Dialect.values()) {
            String changed = mac(dialect, 2);
            String untouched = mac(dialect, 3);
            write(changed, TENANT, changedAt(dialect, 7200), List.of(new Setting("sip_user", "2001", false),
                    new Setting("sip_password", "one", true)));
            // settings older than the release: the device's version is the release's
            write(untouched, TENANT, changedAt(dialect, -86400), List.of(new Setting("sip_user", "3001", false),
                    new Setting("sip_password", "two", true)));
            assertThat(version(dialect, changed)).as(dialect.id()).isEqualTo(uvc(dialect, 7200));
            assertThat(version(dialect, untouched)).as(dialect.id()).isEqualTo(RELEASES.get(dialect));
            Response before = get(mainFile(dialect, changed));
            Response other = get(mainFile(dialect, untouched));

            write(changed, TENANT, changedAt(dialect, 7300), List.of(new Setting("sip_user", "2002", false),
                    new Setting("sip_password", "one", true)));

            assertThat(version(dialect, changed)).as(dialect.id()).isEqualTo(uvc(dialect, 7300));
            Response after = get(mainFile(dialect, changed));
            assertThat(after.header("ETag")).as(dialect.id()).isNotEqualTo(before.header("ETag"));
            assertThat(after.asString()).contains("2002").doesNotContain("2001");
            Response otherAfter = get(mainFile(dialect, untouched));
            assertThat(otherAfter.header("ETag")).as(dialect.id()).isEqualTo(other.header("ETag"));
            assertThat(otherAfter.asByteArray()).isEqualTo(other.asByteArray());
            assertThat(version(dialect, untouched)).isEqualTo(RELEASES.get(dialect));
        }
    }

    @Test
    void aSettingWithoutValueOrDefaultLeavesTheFileUnservedAndAnotherTenantsRowDoesNotApply() {
        for (Dialect dialect : Dialect.values()) {
            String mac = mac(dialect, 4);
            // a row another tenant wrote while it owned the MAC: not this tenant's device's settings
            write(mac, "dset-globex", changedAt(dialect, 60), List.of(new Setting("sip_user", "9999", false),
                    new Setting("sip_password", "theirs", true)));
            get(mainFile(dialect, mac)).then().statusCode(404);
        }
        // Plug-n-Dial writes values between quotes: a setting with one cannot be written
        String pnd = mac(Dialect.PLUG_N_DIAL, 4);
        write(pnd, TENANT, changedAt(Dialect.PLUG_N_DIAL, 60), List.of(new Setting("sip_user", "say \"hi\"", false),
                new Setting("sip_password", "p", true)));
        get(mainFile(Dialect.PLUG_N_DIAL, pnd)).then().statusCode(404);
    }

    @Test
    void aUrlNamingAVersionTheDeviceNeverHadIsNotServed() {
        String mac = mac(Dialect.MAXWELL_10, 1);
        write(mac, TENANT, changedAt(Dialect.MAXWELL_10, 3600), List.of(new Setting("sip_user", "1001", false),
                new Setting("sip_password", PASSWORD, true)));
        String base = "/prov/" + mac + "/nvm/";
        get(base + uvc(Dialect.MAXWELL_10, 3600) + "/settings.xml").then().statusCode(200);
        // between the release and the device's version: what the release's files named until the settings changed
        get(base + uvc(Dialect.MAXWELL_10, 1800) + "/settings.xml").then().statusCode(200);
        get(base + RELEASES.get(Dialect.MAXWELL_10) + "/settings.xml").then().statusCode(200);
        get(base + uvc(Dialect.MAXWELL_10, 3601) + "/settings.xml").then().statusCode(404);
    }

    /** The device's version as its files carry it; for the dialects that carry none, as resolved. */
    private String version(Dialect dialect, String mac) {
        return switch (dialect) {
            case MAXWELL_10 -> attribute(get("/prov/" + mac + "/nvm/updates.xml").asByteArray(), "file", "version");
            case MAXWELL_11 -> values(dialect, get(mainFile(dialect, mac)).asByteArray())
                    .get("System.Provision.SettingsVersion");
            default -> releases.resolve(mac, null).orElseThrow().device().version();
        };
    }

    private static String mainFile(Dialect dialect, String mac) {
        return switch (dialect) {
            case MAXWELL_10 -> "/prov/" + mac + "/nvm/" + "{version}/settings.xml";
            case MAXWELL_11 -> "/prov/" + mac + "/" + MacAddress.parse(mac).upperCase() + ".xml";
            case AUERSWALD -> "/prov/" + mac + "/settings.xml";
            case PLUG_N_DIAL -> "/prov/" + mac + "/" + mac.substring(0, 4) + "/" + mac.substring(4, 8) + "/" + mac
                    + ".txt";
        };
    }

    /** GETs the path, the device's current version in place of {@code {version}}. */
    private Response get(String path) {
        String resolved = path;
        if (path.contains("{version}")) {
            String mac = path.substring("/prov/".length(), "/prov/".length() + 12);
            resolved = path.replace("{version}", releases.resolve(mac, null).map(r -> r.device().version())
                    .orElse(RELEASES.get(Dialect.MAXWELL_10)));
        }
        return RestAssured.given().redirects().follow(false).get(resolved);
    }

    /** The file as the dialect's renderer writes it for the device, without sharing. */
    private byte[] ownRender(Dialect dialect, String mac) {
        ResolvedRelease resolved = releases.resolve(mac, null).orElseThrow();
        List<String> segments = new ArrayList<>(Arrays.asList(mainFile(dialect, mac)
                .replace("{version}", resolved.device().version()).substring(("/prov/" + mac + "/").length()).split("/")));
        DeviceFile file = dialects.files(mac, segments, Instant.now()).get(dialect);
        return file.renderer().render(resolved.device(), resolved.content(), resolved.firmware()).orElseThrow().body();
    }

    /** name → value of the parameters a file carries, however its dialect writes them. */
    private static Map<String, String> values(Dialect dialect, byte[] body) {
        Map<String, String> values = new LinkedHashMap<>();
        if (dialect == Dialect.PLUG_N_DIAL) {
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf("=\"");
                values.put(line.substring(0, equals), line.substring(equals + 2, line.length() - 1));
            }
            return values;
        }
        Document document = parse(body);
        if (dialect == Dialect.AUERSWALD) {
            leaves(document.getDocumentElement(), "", values);
            return values;
        }
        NodeList params = document.getElementsByTagName("param");
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            values.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        return values;
    }

    /** Auerswald's nested elements as dotted names (the root not counted). */
    private static void leaves(Element element, String path, Map<String, String> values) {
        boolean leaf = true;
        for (int i = 0; i < element.getChildNodes().getLength(); i++) {
            if (element.getChildNodes().item(i) instanceof Element child) {
                leaf = false;
                leaves(child, path.isEmpty() ? child.getTagName() : path + "." + child.getTagName(), values);
            }
        }
        if (leaf && !path.isEmpty()) {
            values.put(path, element.getTextContent());
        }
    }

    private static String attribute(byte[] body, String element, String attribute) {
        return ((Element) parse(body).getElementsByTagName(element).item(0)).getAttribute(attribute);
    }

    private static Document parse(byte[] body) {
        try {
            return StrictXml.parse(body);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static Instant changedAt(Dialect dialect, long secondsAfterRelease) {
        return Uvc.parse(RELEASES.get(dialect)).orElseThrow().plusSeconds(secondsAfterRelease);
    }

    private static String uvc(Dialect dialect, long secondsAfterRelease) {
        return Uvc.format(changedAt(dialect, secondsAfterRelease));
    }

    /** Writes the device's layer as the settings API does, and has memory read it. */
    private void write(String mac, String tenant, Instant changedAt, List<Setting> settings) {
        List<Setting> stored = settings.stream()
                .map(s -> s.secret() ? new Setting(s.name(), secrets.seal(s.value()), true) : s).toList();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into device_settings (mac, tenant_id, settings, changed_at) values (?1, ?2, cast(?3 as jsonb), ?4)
                        on conflict (mac) do update set tenant_id = excluded.tenant_id, settings = excluded.settings,
                            changed_at = excluded.changed_at, txid = pg_current_xact_id()""")
                .setParameter(1, mac).setParameter(2, tenant).setParameter(3, json(stored))
                .setParameter(4, java.sql.Timestamp.from(changedAt)).executeUpdate());
        memory.refresh();
    }

    private static String json(List<Setting> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
