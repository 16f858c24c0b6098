package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.dialect.auerswald.AuerswaldFiles;
import org.telprov.provisioning.dialect.maxwell10.MaxwellFiles;
import org.telprov.provisioning.dialect.maxwell11.Maxwell11Files;
import org.telprov.provisioning.dialect.plugndial.PlugNDialFiles;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.withoutDeviceAuth;

/**
 * The device path as a Vert.x route: its answers counted by outcome instead of timed per request, documented in the
 * OpenAPI document without a JAX-RS resource, and its files shared across devices with the same bytes a render of
 * each device's own would give.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceFileRouteTest {

    private static final String ADMIN = TestTokens.partnerAdmin("route-acme");
    private static final String MAC = "901b0e7f0001";
    private static boolean ready;

    @Inject
    MeterRegistry registry;

    @Inject
    DeviceRenders renders;

    @Inject
    MaxwellFiles maxwell;

    @Inject
    Maxwell11Files maxwell11;

    @Inject
    AuerswaldFiles auerswald;

    @Inject
    PlugNDialFiles plugNDial;

    @BeforeEach
    void aDeviceWithARelease() {
        if (ready) {
            return;
        }
        withoutDeviceAuth(ADMIN);
        created(ADMIN, profile("routed", Map.of("SIP.Account.0.AuthName", "1012")));
        published(ADMIN, "routed");
        device(MAC, "route-acme", "routed");
        ready = true;
    }

    @Test
    void theDeviceFilesAreListedInTheOpenApiDocument() {
        String document = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();

        assertThat(document).contains("\"/prov/{mac}\"", "\"/prov/{mac}/provisioning.xml\"",
                "\"/prov/{mac}/{category}/updates.xml\"", "\"/prov/{mac}/nvm/{uvc}/{name}\"",
                "\"/prov/{mac}/custom/{uvc}/{file}\"", "\"/prov/{mac}/{device}.xml\"", "\"/prov/{mac}/references.xml\"",
                "\"/prov/{mac}/settings.xml\"", "\"/prov/{mac}/operations.xml\"",
                "\"/prov/{mac}/{a}/{b}/{file}\"",
                "\"/prov/{mac}/firmware/{oem}/{model}/currentversion.txt\"",
                "\"/prov/{mac}/firmware/{oem}/{model}/{file}\"", "\"/api/v1/profiles\"");
    }

    @Test
    void deviceRequestsAreCountedByOutcomeAndNotTimedWhileApiRequestsAre() {
        double ok = files("maxwell-1.0", "nvm/updates.xml", "ok");
        double notModified = files("maxwell-1.0", "nvm/updates.xml", "not_modified");
        double unknown = files("none", "none", "not_found");

        String etag = RestAssured.given().get("/prov/" + MAC + "/nvm/updates.xml").then().statusCode(200)
                .extract().header("ETag");
        RestAssured.given().header("If-None-Match", etag).get("/prov/" + MAC + "/nvm/updates.xml").then()
                .statusCode(304);
        RestAssured.given().get("/prov/000000000001/nvm/updates.xml").then().statusCode(404).body(emptyString());
        RestAssured.given().auth().oauth2(ADMIN).get("/api/v1/profiles").then().statusCode(200);

        assertThat(files("maxwell-1.0", "nvm/updates.xml", "ok")).isEqualTo(ok + 1);
        assertThat(files("maxwell-1.0", "nvm/updates.xml", "not_modified")).isEqualTo(notModified + 1);
        assertThat(files("none", "none", "not_found")).isEqualTo(unknown + 1);
        List<String> timed = registry.find("http.server.requests").timers().stream()
                .map(timer -> timer.getId().getTag("uri")).toList();
        assertThat(timed).noneMatch(uri -> uri != null && uri.startsWith("/prov"));
        assertThat(timed).anyMatch(uri -> uri != null && uri.startsWith("/api/"));
    }

    @Test
    void theSteadyStateIsAnsweredFromMemoryAndOnlyDigestNeedsAWorker() {
        // the first request may read the release's content from the database, on a worker
        RestAssured.given().get("/prov/" + MAC + "/nvm/updates.xml").then().statusCode(200);
        double before = onWorker();

        for (int i = 0; i < 20; i++) {
            RestAssured.given().get("/prov/" + MAC + "/nvm/updates.xml").then().statusCode(200);
        }
        assertThat(onWorker()).isEqualTo(before);

        // a tenant that keeps Digest on (the default): its settings file needs the credential store
        String digestAdmin = TestTokens.partnerAdmin("route-digest");
        created(digestAdmin, profile("guarded", Map.of("SIP.Account.0.AuthName", "1013")));
        String uvc = published(digestAdmin, "guarded");
        device("901b0e7f0002", "route-digest", "guarded");
        RestAssured.given().get("/prov/901b0e7f0002/nvm/" + uvc + "/settings.xml").then().statusCode(401);
        assertThat(onWorker()).isGreaterThan(before);
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBodyAndOtherMethodsAre405() {
        Response get = RestAssured.given().get("/prov/" + MAC + "/");
        Response head = RestAssured.given().head("/prov/" + MAC + "/");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get.asByteArray().length));
        assertThat(head.asByteArray()).isEmpty();
        RestAssured.given().post("/prov/" + MAC + "/provisioning.xml").then().statusCode(405);
    }

    @Test
    void aSharedFileComposedForADeviceIsTheFileRenderedForItAlone() {
        ProfileContent.Parameter override = new ProfileContent.Parameter("sip.account.displayName", "Desk 7", false);
        ProfileContent content = new ProfileContent(Dialect.MAXWELL_10,
                List.of(new ProfileContent.Parameter("sip.account.server", "sip.example", false),
                        new ProfileContent.Parameter(MaxwellFiles.HTTP_AUTH_USERNAME, "u", false)),
                List.of(), null, Map.of("901b0e7f00aa", List.of(override)), List.of("https://x.example/<MACADR>.xml"));
        UUID release = UUID.randomUUID();
        Instant now = Instant.now();
        for (String mac : List.of("901b0e7f00aa", "901b0e7f00bb", "a5e5c7d0f1b2")) {
            DeviceRelease device = new DeviceRelease(mac, "route-acme", "gigaset", "mx3b", release,
                    "2026-11-23_18:00:00");
            List<DeviceFile> files = List.of(maxwell.provisioning(), maxwell.updates(MaxwellFiles.NVM, now),
                    maxwell.updates(MaxwellFiles.FIRMWARE, now), maxwell.nvm(MaxwellFiles.SETTINGS),
                    maxwell.nvm(MaxwellFiles.CREDENTIALS), maxwell11.provisioning(),
                    maxwell11.device(mac, MacAddress.parse(mac).upperCase()).orElseThrow(),
                    auerswald.references(), auerswald.settings(), plugNDial.config(),
                    plugNDial.configAt(mac, mac.substring(0, 4), mac.substring(4, 8), mac + ".md5").orElseThrow(),
                    plugNDial.currentVersion("gigaset", "mx3b"));
            for (DeviceFile file : files) {
                Optional<RenderedFile> alone = file.renderer().render(device, content, "artifact-1");
                Optional<RenderedFile> composed = renders.render(file, device, content, "artifact-1");
                assertThat(composed.map(r -> new String(r.body(), StandardCharsets.UTF_8)))
                        .as(mac + " " + file.variant())
                        .isEqualTo(alone.map(r -> new String(r.body(), StandardCharsets.UTF_8)));
                assertThat(composed.map(RenderedFile::contentType)).isEqualTo(alone.map(RenderedFile::contentType));
            }
        }
        Optional<RenderedFile> provisioning = renders.render(maxwell.provisioning(), new DeviceRelease("901b0e7f00bb",
                "route-acme", "gigaset", "mx3b", release, "2026-11-23_18:00:00"), content, null);
        assertThat(new String(provisioning.orElseThrow().body(), StandardCharsets.UTF_8))
                .contains("/prov/901b0e7f00bb/nvm/updates.xml");
    }

    @Test
    void devicesWithTheSameBytesGetTheSameTagAndOthersTheirOwn() {
        ProfileContent content = new ProfileContent(Dialect.PLUG_N_DIAL,
                List.of(new ProfileContent.Parameter("a", "1", false)), List.of(), null, Map.of(), List.of());
        UUID release = UUID.randomUUID();
        DeviceRelease one = new DeviceRelease("901b0e7f00c1", "route-acme", "gigaset", "mx3b", release, "u");
        DeviceRelease two = new DeviceRelease("901b0e7f00c2", "route-acme", "gigaset", "mx3b", release, "u");

        // config.txt carries no MAC: the same bytes, the same tag for every device
        assertThat(renders.render(plugNDial.config(), one, content, null).orElseThrow().etag())
                .isEqualTo(renders.render(plugNDial.config(), two, content, null).orElseThrow().etag());
        ProfileContent maxwellContent = new ProfileContent(Dialect.MAXWELL_10, content.parameters(), List.of(), null,
                Map.of(), List.of());
        // provisioning.xml names the device's own URLs: a tag of its own, the same on every request
        String first = renders.render(maxwell.provisioning(), one, maxwellContent, null).orElseThrow().etag();
        assertThat(renders.render(maxwell.provisioning(), one, maxwellContent, null).orElseThrow().etag())
                .isEqualTo(first);
        assertThat(renders.render(maxwell.provisioning(), two, maxwellContent, null).orElseThrow().etag())
                .isNotEqualTo(first);
    }

    private double onWorker() {
        return registry.find("telprov.provisioning.files.on.worker").counter().count();
    }

    private double files(String dialect, String file, String outcome) {
        io.micrometer.core.instrument.Counter counter = registry.find("telprov.provisioning.files")
                .tags("dialect", dialect, "file", file, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
