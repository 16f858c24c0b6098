package org.telprov.redirect;

import io.restassured.RestAssured;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Inventory's events as the redirect service receives them, written to the real topics. */
public final class Redirect {

    private Redirect() {
    }

    public static EventEnvelope tenant(EventKind<TenantSnapshot> kind, String id, String template, String status,
                                       long version) {
        return tenant(kind, id, template, status, version, null);
    }

    /** @param redirectAuth as inventory sends it; null as in events written before the field existed */
    public static EventEnvelope tenant(EventKind<TenantSnapshot> kind, String id, String template, String status,
                                       long version, String redirectAuth) {
        return kind.envelope(new TenantSnapshot(id, id + " Telecom", template, status, version, redirectAuth),
                Instant.now());
    }

    public static EventEnvelope device(EventKind<DeviceSnapshot> kind, String mac, String tenant, String serial,
                                       long version) {
        return device(kind, mac, tenant, "auerswald-comfortel", "D200", serial, version);
    }

    public static EventEnvelope device(EventKind<DeviceSnapshot> kind, String mac, String tenant, String vendor,
                                       String model, String serial, long version) {
        return kind.envelope(new DeviceSnapshot(mac, tenant, vendor, model, serial, null, List.of(), version),
                Instant.now());
    }

    public static void send(EventEnvelope event) {
        String topic = TenantSnapshot.AGGREGATE.equals(event.aggregateType()) ? Topics.INVENTORY_TENANTS
                : Topics.INVENTORY_DEVICES;
        TopicProbe.send(KafkaResource.bootstrapServers(), topic, event.aggregateId(), EventCodec.toJson(event));
    }

    /** Sends a device event on the bulk lane, as inventory does for a bulk import. */
    public static void sendBulk(EventEnvelope device) {
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES_BULK, device.aggregateId(),
                EventCodec.toJson(device));
    }

    /** Sends the tenant's and the devices' events and waits until every device is answered. */
    public static void registered(EventEnvelope tenant, EventEnvelope... devices) {
        send(tenant);
        for (EventEnvelope device : devices) {
            send(device);
        }
        for (EventEnvelope device : devices) {
            await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given().redirects().follow(false)
                    .get("/device/" + device.aggregateId()).statusCode() != 404);
        }
    }
}
