package org.telprov.inventory.device;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.telprov.inventory.Api.as;
import static org.telprov.inventory.Api.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class DeviceImportTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void tenants() {
        ensureTenant("acme");
        ensureTenant("globex");
    }

    @Test
    void eachRowIsCheckedOnItsOwnAndARerunOfTheSameFileChangesNothing() {
        as(TestTokens.partnerAdmin("globex")).body(Map.of("vendor", "gigaset-maxwell", "model", "mx3b"))
                .put("/api/v1/devices/2a00000000ff").then().statusCode(201);
        String csv = """
                mac,vendor,model,serial,labels
                2a:00:00:00:00:01,gigaset-maxwell,mx3b,S1,floor-1;pilot
                2a-00-00-00-00-02,auerswald-comfortel,D200,,
                not-a-mac,gigaset-maxwell,mx3b,,
                2a0000000003,gigaset-maxwell,,,
                2a0000000001,gigaset-maxwell,mx3b,S1-again,
                2a00000000ff,gigaset-maxwell,mx3b,,
                2a0000000004,gigaset-maxwell,"mx3b<script>",,
                """;

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200)
                .body("rows", equalTo(7), "claimed", equalTo(2), "updated", equalTo(0), "unchanged", equalTo(0))
                .body("rejected.row", equalTo(List.of(3, 4, 5, 6, 7)))
                .body("rejected.code", equalTo(List.of("invalid_mac", "validation_failed", "duplicate_mac",
                        "owned_by_other_tenant", "validation_failed")))
                .body("rejected[1].message", equalTo("model: must not be blank"));

        as(TestTokens.partnerAdmin("acme")).get("/api/v1/devices/2a0000000001")
                .then().statusCode(200).body("serial", equalTo("S1"), "labels", equalTo(List.of("floor-1", "pilot")));

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(0), "updated", equalTo(0), "unchanged", equalTo(2));

        TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES, r -> "2a0000000002".equals(r.key())
                && EventCodec.fromJson(r.value()).type().equals(EventTypes.DEVICE_REGISTERED), Duration.ofSeconds(30));
        as(TestTokens.partnerAdmin("acme")).queryParam("mac", "2a0000000002").get("/api/v1/audit")
                .then().body("action", equalTo(List.of("claim")));
    }

    @Test
    void aModelLongerThanItsColumnIsOneRejectedRowNotAFailedImport() {
        String csv = "mac,vendor,model\n"
                + "2e0000000001,gigaset-maxwell,mx3b\n"
                + "2e0000000002,gigaset-maxwell," + "m".repeat(60) + "\n"
                + "2e0000000003,gigaset-maxwell," + "m".repeat(50) + "\n";

        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv).post("/api/v1/devices/import")
                .then().statusCode(200)
                .body("claimed", equalTo(2))
                .body("rejected.row", equalTo(List.of(2)))
                .body("rejected.code", equalTo(List.of("validation_failed")));
        as(TestTokens.partnerAdmin("acme")).body(Map.of("vendor", "gigaset-maxwell", "model", "m".repeat(60)))
                .put("/api/v1/devices/2e0000000004")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", equalTo(List.of("model")));
    }

    @Test
    void aJsonArrayImportsLikeCsvAndAChangedRowIsAnUpdate() {
        as(TestTokens.partnerAdmin("acme")).body(List.of(
                        Map.of("mac", "2b0000000001", "vendor", "plug-n-dial", "model", "generic"),
                        Map.of("mac", "2b0000000002", "vendor", "plug-n-dial", "model", "generic", "tenantId", "globex")))
                .post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(1))
                .body("rejected[0].code", equalTo("malformed_row"))
                .body("rejected[0].message", equalTo("unknown field 'tenantId'"));

        as(TestTokens.partnerAdmin("acme"))
                .body(List.of(Map.of("mac", "2b0000000001", "vendor", "plug-n-dial", "model", "generic", "serial", "X")))
                .post("/api/v1/devices/import")
                .then().statusCode(200).body("updated", equalTo(1), "claimed", equalTo(0));
    }

    @Test
    void aFileThatIsNotCsvOrHasTheWrongColumnsIsRefusedWhole() {
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body("mac,vendor\n2c0000000001,x\n")
                .post("/api/v1/devices/import")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_csv_header"));
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body("mac,vendor,model,tenant\n")
                .post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("invalid_csv_header"));
        as(TestTokens.partnerAdmin("acme")).body("{\"mac\": \"2c0000000001\"}").post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
        as(TestTokens.partnerAdmin("acme")).body("[{\"mac\": ").post("/api/v1/devices/import")
                .then().statusCode(400).body("code", equalTo("malformed_body"));
        as(TestTokens.partner("acme", "partner")).contentType("text/csv").body("mac,vendor,model\n")
                .post("/api/v1/devices/import").then().statusCode(403);
    }

    @Test
    void tenThousandRowsImportInOneRequest() {
        StringBuilder csv = new StringBuilder("mac,vendor,model,labels\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("2d%010x,gigaset-maxwell,mx3b,batch-%d%n", i, i % 10));
        }
        long started = System.nanoTime();
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv").body(csv.toString()).post("/api/v1/devices/import")
                .then().statusCode(200).body("claimed", equalTo(10_000), "rejected", equalTo(List.of()));
        System.out.printf("imported 10,000 devices in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        as(TestTokens.partnerAdmin("acme")).queryParam("macPrefix", "2d").queryParam("label", "batch-3")
                .get("/api/v1/devices").then().body("total", equalTo(1_000));
        TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES, r -> "2d000000270f".equals(r.key()),
                Duration.ofSeconds(60));
    }
}
