package org.telprov.provisioning.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.Topics;
import org.telprov.support.inbox.EventBatches;
import org.telprov.support.kafka.DeadLetters;

/**
 * Feeds inventory's device events to the {@link DeviceProjection}, a polled batch at a time. They come in two lanes,
 * each with a consumer of its own: single API calls on {@code inventory-devices}, bulk imports on
 * {@code inventory-devices-bulk}, so a registration is applied while an import's backlog is still being worked
 * through. Records that cannot be applied go to the dead-letter topic {@code provisioning-dlq}, one by one; the rest
 * of their batch is applied.
 */
@ApplicationScoped
public class InventoryDevicesListener {

    /** The channel bound to the dead-letter topic of the same name. */
    static final String DEAD_LETTERS = "provisioning-dlq";

    private final EventBatches<DeviceProjection.DeviceChange> devices;

    public InventoryDevicesListener(DeviceProjection projection,
                                    @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetterChannel,
                                    MeterRegistry registry, Tracer tracer) {
        this.devices = new EventBatches<>(projection::read, projection::apply,
                new DeadLetters(deadLetterChannel, registry)::send, tracer);
    }

    @Incoming(Topics.INVENTORY_DEVICES)
    @Blocking
    public void onDevices(ConsumerRecords<String, String> records) {
        devices.consume(records);
    }

    @Incoming(Topics.INVENTORY_DEVICES_BULK)
    @Blocking
    public void onBulkDevices(ConsumerRecords<String, String> records) {
        devices.consume(records);
    }
}
