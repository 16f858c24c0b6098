package org.telprov.inventory.device;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceRegistrationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void tenants() {
        ensureTenant("acme");
        ensureTenant("globex");
    }

    @Test
    void aRegisteredDeviceIsStoredNormalisedAndPublishedThroughTheOutbox() {
        as(TestTokens.partnerAdmin("acme"))
                .body(Map.of("mac", "90-1B-0E-56-C7-01", "vendor", "gigaset-maxwell", "model", "mx3b", "serial", "SN-1"))
                .post("/api/v1/devices")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/devices/901b0e56c701"))
                .body("mac", equalTo("901b0e56c701"), "model", equalTo("mx3b"));

        as(TestTokens.partner("acme", "partner")).get("/api/v1/devices/90:1b:0e:56:c7:01")
                .then().statusCode(200).body("serial", equalTo("SN-1"));

        ConsumerRecord<String, String> record = TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES,
                r -> "901b0e56c701".equals(r.key()), Duration.ofSeconds(30));
        EventEnvelope event = EventCodec.fromJson(record.value());
        assertThat(event.type()).isEqualTo(DeviceSnapshot.REGISTERED.type());
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(EventCodec.payload(event, DeviceSnapshot.class))
                .isEqualTo(new DeviceSnapshot("901b0e56c701", "acme", "gigaset-maxwell", "mx3b", "SN-1", null, List.of(), 1));
    }

    @Test
    void aMacOwnedByAnotherTenantIsRefusedWithoutNamingTheOwner() {
        register("acme", "901b0e56c702").then().statusCode(201);

        register("globex", "90:1B:0E:56:C7:02")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("owned_by_other_tenant"))
                .body(not(containsString("acme")));

        register("acme", "901b0e56c702").then().statusCode(409).body("code", equalTo("already_registered"));
    }

    @Test
    void anotherTenantsDeviceLooksExactlyLikeAnUnknownOne() {
        register("acme", "901b0e56c703").then().statusCode(201);

        String otherTenants = as(TestTokens.partnerAdmin("globex")).get("/api/v1/devices/901b0e56c703")
                .then().statusCode(404).contentType("application/problem+json").extract().asString();
        String unknown = as(TestTokens.partnerAdmin("globex")).get("/api/v1/devices/901b0e56c7ff")
                .then().statusCode(404).extract().asString();

        assertThat(otherTenants.replace("901b0e56c703", "MAC")).isEqualTo(unknown.replace("901b0e56c7ff", "MAC"));
    }

    @Test
    void aMalformedMacIsA400NamingTheField() {
        register("acme", "90:1b:0e:56:c7")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_mac"), "errors[0].field", equalTo("mac"));
    }

    @Test
    void missingAndUnknownFieldsAndBrokenJsonAreProblems() {
        as(TestTokens.partnerAdmin("acme")).body(Map.of("mac", "901b0e56c704", "vendor", "gigaset-maxwell"))
                .post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"), "errors[0].field", equalTo("model"));

        as(TestTokens.partnerAdmin("acme"))
                .body(Map.of("mac", "901b0e56c704", "vendor", "v", "model", "m", "tenantId", "globex"))
                .post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_body"), "errors[0].field", equalTo("tenantId"));

        as(TestTokens.partnerAdmin("acme")).body("{\"mac\":").post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_body"));

        as(TestTokens.partnerAdmin("acme")).contentType("text/plain").body("mac=1").post("/api/v1/devices")
                .then().statusCode(415).contentType("application/problem+json");

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/901b0e56c704").then().statusCode(404);
    }

    @Test
    void tokensWithoutTenantForAnotherAudienceOrFromAnotherIssuerAreRefused() {
        Map<String, String> body = Map.of("mac", "901b0e56c705", "vendor", "gigaset-maxwell", "model", "mx3b");

        as(TestTokens.partnerWithoutTenant()).body(body).post("/api/v1/devices")
                .then().statusCode(401).body("code", equalTo("missing_tenant_claim"));
        as(TestTokens.partnerForOtherAudience("acme")).body(body).post("/api/v1/devices")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        as(TestTokens.partnerFromOtherIssuer("acme")).body(body).post("/api/v1/devices")
                .then().statusCode(401).contentType("application/problem+json");
        io.restassured.RestAssured.given().contentType("application/json").body(body).post("/api/v1/devices")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/901b0e56c705").then().statusCode(404);
    }

    @Test
    void aReadOnlyPartnerCannotRegister() {
        as(TestTokens.partner("acme", "partner"))
                .body(Map.of("mac", "901b0e56c706", "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
    }

    private static io.restassured.response.Response register(String tenant, String mac) {
        return as(TestTokens.partnerAdmin(tenant))
                .body(Map.of("mac", mac, "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices");
    }
}
