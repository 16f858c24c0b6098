package org.telprov.provisioning;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.FirmwarePublished;
import org.telprov.events.Topics;
import org.telprov.provisioning.device.Device;
import org.telprov.provisioning.device.DeviceTable;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.TopicProbe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** How the provisioning tests call the service and stand in for inventory. */
public final class Provisioning {

    private Provisioning() {
    }

    public static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A profile body: parameters as name → value, in order. */
    public static Map<String, Object> profile(String name, Map<String, String> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("parameters", parameters(parameters));
        return body;
    }

    public static List<Map<String, Object>> parameters(Map<String, String> parameters) {
        List<Map<String, Object>> list = new ArrayList<>();
        parameters.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
        return list;
    }

    public static Map<String, Object> secret(String name, String value) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("name", name);
        if (value != null) {
            parameter.put("value", value);
        }
        parameter.put("secret", true);
        return parameter;
    }

    /**
     * Turns device authentication off for the token's tenant (it is on by default): for tests of what files say, not
     * of who may have them.
     */
    public static void withoutDeviceAuth(String adminToken) {
        as(adminToken).body(Map.of("mode", "off")).put("/api/v1/device-auth").then().statusCode(200);
    }

    /** Creates the profile, failing unless it is created. */
    public static void created(String token, Map<String, Object> profile) {
        as(token).body(profile).post("/api/v1/profiles").then().statusCode(201);
    }

    /** Publishes the profile and returns the new release's UVC. */
    public static String published(String token, String profile) {
        return as(token).post("/api/v1/profiles/" + profile + "/releases").then().statusCode(201).extract().path("uvc");
    }

    public static EventEnvelope deviceEvent(EventKind<DeviceSnapshot> kind, String mac, String tenant, String model,
                                            String profile,
                                            long version) {
        return kind.envelope(new DeviceSnapshot(mac, tenant, "gigaset-maxwell", model, null, profile, List.of(),
                version), Instant.now());
    }

    /** Inventory's registration of a device with labels. */
    public static EventEnvelope labelledDevice(String mac, String tenant, String profile, List<String> labels) {
        return DeviceSnapshot.REGISTERED.envelope(new DeviceSnapshot(mac, tenant, "gigaset-maxwell", "mx3b", null,
                profile, labels, 1), Instant.now());
    }

    public static void send(EventEnvelope event) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES, event.aggregateId(),
                EventCodec.toJson(event));
    }

    /** Sends inventory's event for the device and waits until the read model holds its version. */
    public static void device(EventKind<DeviceSnapshot> kind, String mac, String tenant, String model, String profile,
                              long version) {
        send(deviceEvent(kind, mac, tenant, model, profile, version));
        awaitDeviceVersion(mac, version);
    }

    public static void device(String mac, String tenant, String profile) {
        device(DeviceSnapshot.REGISTERED, mac, tenant, "mx3b", profile, 1);
    }

    /** Waits until the read model holds the device's version: the table, and this replica's memory after it. */
    public static void awaitDeviceVersion(String mac, long version) {
        DeviceTable memory = Arc.container().instance(DeviceTable.class).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Device device = stored(mac);
            return device != null && device.version >= version && memory.version(Long.parseLong(mac, 16)) >= version;
        });
    }

    public static Device stored(String mac) {
        return QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(mac));
    }

    /**
     * The firmware service's publication of an artifact of the tenant ({@code null}: platform-wide), waited for until
     * profiles may name it.
     */
    public static void artifact(String artifactId, String tenant) {
        String key = FirmwareChannels.productKey(tenant, "gigaset-maxwell", "mx3b");
        EventEnvelope event = FirmwarePublished.PUBLISHED.envelope(new FirmwarePublished(tenant, "gigaset-maxwell",
                "mx3b", new FirmwareArtifactRef(artifactId, "1.0", 10, "0".repeat(64), "0".repeat(32)), null, null,
                Instant.now()), Instant.now());
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.FIRMWARE_ARTIFACTS, key, EventCodec.toJson(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) Device.getEntityManager().createNativeQuery(
                                "select count(*) from firmware_artifact where artifact_id = cast(?1 as uuid)")
                        .setParameter(1, artifactId).getSingleResult()).longValue() > 0));
    }

    public static String resource(String name) {
        try (InputStream in = Provisioning.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
