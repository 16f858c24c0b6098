package org.telprov.inventory.tenant;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.telprov.inventory.Inventory.as;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TenantTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theOperatorCreatesATenantAndItsStateIsPublished() {
        as(TestTokens.operator())
                .body(Map.of("id", "initech", "name", "Initech", "provisioningUrlTemplate", "https://p.initech.example/<MACADR>.xml"))
                .post("/api/v1/tenants")
                .then().statusCode(201).body("status", equalTo("active"), "redirectAuth", equalTo("none"));

        TenantSnapshot published = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(bootstrapServers,
                Topics.INVENTORY_TENANTS, r -> "initech".equals(r.key()), Duration.ofSeconds(30)).value()),
                TenantSnapshot.class);
        assertThat(published).isEqualTo(
                new TenantSnapshot("initech", "Initech", "https://p.initech.example/<MACADR>.xml", "active", 1,
                        "none"));

        as(TestTokens.operator()).body(Map.of("id", "initech", "name", "Again", "provisioningUrlTemplate", "https://x.example/"))
                .post("/api/v1/tenants")
                .then().statusCode(409).body("code", equalTo("tenant_exists"));
    }

    @Test
    void onlyTheOperatorManagesTenants() {
        as(TestTokens.partnerAdmin("acme"))
                .body(Map.of("id", "sneaky", "name", "Sneaky", "provisioningUrlTemplate", "https://x.example/"))
                .post("/api/v1/tenants")
                .then().statusCode(403);
        as(TestTokens.partnerAdmin("acme")).get("/api/v1/tenants").then().statusCode(403);
    }

    @Test
    void provisioningUrlsThatCouldHurtAPhoneAreRefused() {
        for (String template : new String[]{"ftp://x.example/{mac}", "/relative/{mac}", "https://user:pw@x.example/",
                "https://x.example/\r\nLocation: evil", "javascript:alert(1)", "https:///nohost"}) {
            as(TestTokens.operator())
                    .body(Map.of("id", "bad-url", "name", "Bad", "provisioningUrlTemplate", template))
                    .post("/api/v1/tenants")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("provisioningUrlTemplate"));
        }
        as(TestTokens.operator()).get("/api/v1/tenants/bad-url").then().statusCode(404);
    }

    @Test
    void theOperatorTurnsOnClientCertificatesForTheRedirectAndItIsPublished() {
        as(TestTokens.operator())
                .body(Map.of("id", "hooli", "name", "Hooli", "provisioningUrlTemplate", "https://p.hooli.example/{mac}",
                        "redirectAuth", "client-certificate"))
                .post("/api/v1/tenants").then().statusCode(201).body("redirectAuth", equalTo("client-certificate"));
        as(TestTokens.operator()).body(Map.of("redirectAuth", "none")).patch("/api/v1/tenants/hooli")
                .then().statusCode(200).body("redirectAuth", equalTo("none"), "name", equalTo("Hooli"));

        TenantSnapshot created = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(bootstrapServers,
                Topics.INVENTORY_TENANTS, r -> "hooli".equals(r.key()) && r.value().contains("tenant.created"),
                Duration.ofSeconds(30)).value()), TenantSnapshot.class);
        assertThat(created.requiresClientCertificate()).isTrue();
        TenantSnapshot updated = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(bootstrapServers,
                Topics.INVENTORY_TENANTS, r -> "hooli".equals(r.key()) && r.value().contains("tenant.updated"),
                Duration.ofSeconds(30)).value()), TenantSnapshot.class);
        assertThat(updated.redirectAuth()).isEqualTo("none");
        assertThat(updated.version()).isEqualTo(2);

        as(TestTokens.operator()).body(Map.of("redirectAuth", "digest")).patch("/api/v1/tenants/hooli")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("redirectAuth"));
    }

    @Test
    void aTenantIsInUtcUntilTheOperatorGivesItAnIanaTimeZoneWhichIsPublished() {
        as(TestTokens.operator())
                .body(Map.of("id", "zoned-utc", "name", "Zoned UTC",
                        "provisioningUrlTemplate", "https://p.zoned-utc.example/{mac}"))
                .post("/api/v1/tenants").then().statusCode(201).body("timeZone", equalTo("UTC"));
        as(TestTokens.operator()).body(Map.of("timeZone", "Europe/Berlin")).patch("/api/v1/tenants/zoned-utc")
                .then().statusCode(200).body("timeZone", equalTo("Europe/Berlin"), "name", equalTo("Zoned UTC"));
        as(TestTokens.operator()).get("/api/v1/tenants/zoned-utc").then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"));

        TenantSnapshot updated = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(bootstrapServers,
                Topics.INVENTORY_TENANTS, r -> "zoned-utc".equals(r.key()) && r.value().contains("tenant.updated"),
                Duration.ofSeconds(30)).value()), TenantSnapshot.class);
        assertThat(updated.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(updated.version()).isEqualTo(2);

        as(TestTokens.operator())
                .body(Map.of("id", "soylent", "name", "Soylent",
                        "provisioningUrlTemplate", "https://p.soylent.example/",
                        "timeZone", "America/Argentina/Buenos_Aires"))
                .post("/api/v1/tenants").then().statusCode(201)
                .body("timeZone", equalTo("America/Argentina/Buenos_Aires"));
    }

    @Test
    void aTimeZoneThatIsNoIanaZoneIsRefused() {
        as(TestTokens.operator())
                .body(Map.of("id", "zoned", "name", "Zoned", "provisioningUrlTemplate", "https://p.zoned.example/"))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String zone : new String[]{"Mars/Olympus_Mons", "+01:00", "UTC+1", "europe/berlin", "",
                "Europe/" + "x".repeat(60)}) {
            as(TestTokens.operator()).body(Map.of("timeZone", zone)).patch("/api/v1/tenants/zoned")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"), "errors[0].field", equalTo("timeZone"));
        }
        as(TestTokens.operator())
                .body(Map.of("id", "bad-zone", "name", "Bad", "provisioningUrlTemplate", "https://x.example/",
                        "timeZone", "Berlin"))
                .post("/api/v1/tenants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("timeZone"));
        as(TestTokens.operator()).get("/api/v1/tenants/bad-zone").then().statusCode(404);
        as(TestTokens.operator()).get("/api/v1/tenants/zoned").then().statusCode(200).body("timeZone", equalTo("UTC"));
    }

    @Test
    void theApiDocumentDeclaresTheTimeZoneWithItsLimitAndDefault() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.TenantRequest.properties.timeZone.maxLength", equalTo(64),
                        "components.schemas.TenantRequest.properties.timeZone.default", equalTo("UTC"),
                        "components.schemas.TenantUpdate.properties.timeZone.maxLength", equalTo(64),
                        "components.schemas.TenantView.properties.timeZone.type", equalTo("string"));
    }

    @Test
    void aSuspendedTenantIsPublishedAndItsPartnersCannotRegister() {
        as(TestTokens.operator())
                .body(Map.of("id", "umbrella", "name", "Umbrella", "provisioningUrlTemplate", "https://p.umbrella.example/{mac}"))
                .post("/api/v1/tenants").then().statusCode(201);

        as(TestTokens.operator()).body(Map.of("status", "suspended")).patch("/api/v1/tenants/umbrella")
                .then().statusCode(200).body("status", equalTo("suspended"), "name", equalTo("Umbrella"));

        TenantSnapshot published = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(bootstrapServers,
                Topics.INVENTORY_TENANTS, r -> "umbrella".equals(r.key()) && r.value().contains("tenant.updated"),
                Duration.ofSeconds(30)).value()), TenantSnapshot.class);
        assertThat(published.status()).isEqualTo("suspended");
        assertThat(published.version()).isEqualTo(2);
        as(TestTokens.partnerAdmin("umbrella")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/1b0000000001")
                .then().statusCode(403).body("code", equalTo("tenant_suspended"));

        as(TestTokens.operator()).body(Map.of("status", "gone")).patch("/api/v1/tenants/umbrella")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(TestTokens.operator()).body(Map.of("provisioningUrlTemplate", "ftp://x.example/")).patch("/api/v1/tenants/umbrella")
                .then().statusCode(400).body("code", equalTo("invalid_url_template"));
        as(TestTokens.operator()).body(Map.of("status", "active")).patch("/api/v1/tenants/nobody").then().statusCode(404);
    }

    @Test
    void aSuspendedTenantsTokenIsRefusedOnEveryOperationUntilItIsActiveAgain() {
        as(TestTokens.operator())
                .body(Map.of("id", "cyberdyne", "name", "Cyberdyne", "provisioningUrlTemplate", "https://p.cyberdyne.example/{mac}"))
                .post("/api/v1/tenants").then().statusCode(201);
        String admin = TestTokens.partnerAdmin("cyberdyne");
        as(admin).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b")).put("/api/v1/devices/1b0000000002")
                .then().statusCode(201);

        as(TestTokens.operator()).body(Map.of("status", "suspended")).patch("/api/v1/tenants/cyberdyne")
                .then().statusCode(200);
        for (String path : List.of("/api/v1/devices", "/api/v1/devices/1b0000000002", "/api/v1/summary",
                "/api/v1/devices/1b0000000002/checkins", "/api/v1/audit")) {
            as(TestTokens.partner("cyberdyne", "partner")).get(path).then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        }
        as(admin).body(Map.of("profile", "office")).put("/api/v1/devices/1b0000000002/profile")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_suspended"));
        as(admin).delete("/api/v1/devices/1b0000000002").then().statusCode(403).body("code", equalTo("tenant_suspended"));
        // the operator acts for no tenant and is not held back
        as(TestTokens.operator()).get("/api/v1/devices/1b0000000002").then().statusCode(200);

        as(TestTokens.operator()).body(Map.of("status", "active")).patch("/api/v1/tenants/cyberdyne")
                .then().statusCode(200);
        as(admin).body(Map.of("profile", "office")).put("/api/v1/devices/1b0000000002/profile")
                .then().statusCode(200).body("profile", equalTo("office"));
        as(admin).get("/api/v1/devices/1b0000000002").then().statusCode(200);
    }

    @Test
    void aTokenOfATenantThatWasNeverCreatedIsRefused() {
        as(TestTokens.partnerOfUnknownTenant("never-created", "partner-admin")).get("/api/v1/devices")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("unknown_tenant"));
        as(TestTokens.partnerOfUnknownTenant("never-created", "partner-admin"))
                .body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b")).put("/api/v1/devices/1b0000000003")
                .then().statusCode(403).body("code", equalTo("unknown_tenant"));
    }
}
