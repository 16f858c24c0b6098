package org.telprov.inventory.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

/**
 * The fleet summary (firmware versions, release adoption) and the never-seen filter, over stored check-in states; the
 * test profile caps the lists at 4 versions and 2 releases per profile.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FleetSummaryTest {

    @Inject
    DataSource dataSource;

    @BeforeEach
    void fleet() throws SQLException {
        ensureTenant("fleetco");
        ensureTenant("fleetless");
        // eleven devices: three firmware versions of mx3b, one of D200, two never seen; two profiles
        register("1f0000000001", "mx3b", "office", "1.2", "uvc-2");
        register("1f0000000002", "mx3b", "office", "1.2", "uvc-2");
        register("1f0000000003", "mx3b", "office", "1.2", "uvc-1");
        register("1f0000000004", "mx3b", "office", "1.1", "uvc-1");
        register("1f0000000005", "mx3b", "lab", "1.0", "lab-1");
        register("1f0000000006", "D200", "lab", "5.4", null);
        register("1f0000000007", "D200", "lab", "5.4", "lab-1");
        register("1f0000000008", "D200", null, "5.4", null);
        register("1f0000000009", "D200", null, "5.4", null);
        register("1f000000000a", "mx3b", "office", null, null);
        register("1f000000000b", "mx3b", null, null, null);
    }

    @Test
    void firmwareVersionsAreCountedPerModelTheMostCommonFirstAndThoseBeyondTheCapOnlyCounted() {
        as(TestTokens.partner("fleetco", "partner")).get("/api/v1/summary/fleet")
                .then().statusCode(200)
                .body("tenantId", equalTo("fleetco"))
                .body("devices", equalTo(11))
                .body("firmware.items.model", contains("D200", "mx3b", "mx3b", "mx3b"))
                .body("firmware.items.version", contains("5.4", "1.2", null, "1.0"))
                .body("firmware.items.devices", contains(4, 3, 2, 1))
                .body("firmware.more", equalTo(1));
    }

    @Test
    void eachProfilesDevicesAreCountedByTheReleaseTheyLastFetched() {
        as(TestTokens.partner("fleetco", "partner")).get("/api/v1/summary/fleet")
                .then().statusCode(200)
                .body("adoption.items.profile", contains("lab", "office"))
                .body("adoption.items[0].devices", equalTo(3))
                .body("adoption.items[0].releases.uvc", contains("lab-1", null))
                .body("adoption.items[0].releases.devices", contains(2, 1))
                .body("adoption.items[1].devices", equalTo(5))
                .body("adoption.items[1].releases.uvc", contains("uvc-1", "uvc-2"))
                .body("adoption.items[1].releases.devices", contains(2, 2))
                .body("adoption.items[1].moreReleases", equalTo(1))
                .body("adoption.more", equalTo(0));
    }

    @Test
    void theOperatorNamesTheTenantAndAPartnerOnlyEverGetsItsOwn() {
        as(TestTokens.operator()).queryParam("tenant", "fleetco").get("/api/v1/summary/fleet")
                .then().statusCode(200).body("tenantId", equalTo("fleetco")).body("devices", equalTo(11));
        as(TestTokens.operator()).get("/api/v1/summary/fleet")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("tenant"));
        as(TestTokens.operator()).queryParam("tenant", "Not A Tenant").get("/api/v1/summary/fleet")
                .then().statusCode(400).body("errors[0].field", equalTo("tenant"));
        as(TestTokens.partner("fleetless", "partner")).queryParam("tenant", "fleetco").get("/api/v1/summary/fleet")
                .then().statusCode(200).body("tenantId", equalTo("fleetless")).body("devices", equalTo(0))
                .body("firmware.items", hasSize(0)).body("adoption.items", hasSize(0));
    }

    @Test
    void theNeverSeenFilterListsOnlyDevicesWithoutACheckin() {
        as(TestTokens.partner("fleetco", "partner")).queryParam("neverSeen", "true").get("/api/v1/devices")
                .then().statusCode(200)
                .body("items.mac", contains("1f000000000a", "1f000000000b"))
                .body("items[0].checkin.lastSeen", nullValue());
        as(TestTokens.partner("fleetco", "partner")).queryParam("neverSeen", "false").get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(9));
        as(TestTokens.partner("fleetco", "partner")).queryParam("neverSeen", "true")
                .queryParam("lastSeenAfter", "2026-01-01T00:00:00Z").get("/api/v1/devices")
                .then().statusCode(400).body("code", equalTo("invalid_parameter"))
                .body("errors[0].field", equalTo("neverSeen"));
    }

    /** Registers the device (once) and stores its last check-in as the check-in consumer would have. */
    private void register(String mac, String model, String profile, String firmware, String uvc)
            throws SQLException {
        Map<String, Object> device = profile == null ? Map.of("vendor", "gigaset-maxwell", "model", model)
                : Map.of("vendor", "gigaset-maxwell", "model", model, "profile", profile);
        as(TestTokens.partnerAdmin("fleetco")).body(device).put("/api/v1/devices/" + mac);
        boolean seen = firmware != null || uvc != null;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update device set last_firmware = ?, last_uvc = ?, last_seen = ?, first_seen = ?
                     where mac = ? and released_at is null""")) {
            Timestamp at = seen ? Timestamp.from(Instant.now()) : null;
            update.setString(1, firmware);
            update.setString(2, uvc);
            update.setTimestamp(3, at);
            update.setTimestamp(4, at);
            update.setString(5, mac);
            update.executeUpdate();
        }
    }

}
