package org.telprov.redirect;

import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.TopicProbe;

import java.time.Instant;

/** Inventory's events as the redirect service receives them, written to the real topics. */
public final class InventoryEvents {

    private InventoryEvents() {
    }

    public static EventEnvelope tenant(String type, String id, String template, String status, long version) {
        return EventCodec.envelope(type, TenantSnapshot.SCHEMA_VERSION, EventTypes.TENANT, id, id, Instant.now(),
                new TenantSnapshot(id, id + " Telecom", template, status, version));
    }

    public static EventEnvelope device(String type, String mac, String tenant, String serial, long version) {
        return EventCodec.envelope(type, DeviceSnapshot.SCHEMA_VERSION, EventTypes.DEVICE, mac, tenant, Instant.now(),
                new DeviceSnapshot(mac, tenant, "auerswald-comfortel", "D200", serial, null, java.util.List.of(), version));
    }

    public static void send(EventEnvelope event) {
        String topic = EventTypes.TENANT.equals(event.aggregateType()) ? Topics.INVENTORY_TENANTS : Topics.INVENTORY_DEVICES;
        TopicProbe.send(KafkaResource.bootstrapServers(), topic, event.aggregateId(), EventCodec.toJson(event));
    }
}
