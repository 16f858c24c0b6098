package org.telprov.redirect.destination;

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
 * Feeds inventory's tenant and device events to the {@link DestinationProjection}, a polled batch at a time per topic.
 * Device events come in two lanes, each with a consumer of its own: single API calls on {@code inventory-devices},
 * bulk imports on {@code inventory-devices-bulk}, so a registration is applied while an import's backlog is still
 * being worked through. Records that cannot be applied go to the dead-letter topic {@code redirect-dlq}, one by one;
 * the rest of their batch is applied.
 */
@ApplicationScoped
public class InventoryEventsListener {

    /** The channel bound to the dead-letter topic of the same name. */
    static final String DEAD_LETTERS = "redirect-dlq";

    private final EventBatches<DestinationProjection.TenantChange> tenants;
    private final EventBatches<DestinationProjection.DeviceChange> devices;

    public InventoryEventsListener(DestinationProjection projection,
                                   @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetterChannel,
                                   MeterRegistry registry, Tracer tracer) {
        DeadLetters deadLetters = new DeadLetters(deadLetterChannel, registry);
        this.tenants = new EventBatches<>(projection::readTenant, projection::applyTenants, deadLetters::send, tracer);
        this.devices = new EventBatches<>(projection::readDevice, projection::applyDevices, deadLetters::send, tracer);
    }

    @Incoming(Topics.INVENTORY_TENANTS)
    @Blocking
    public void onTenants(ConsumerRecords<String, String> records) {
        tenants.consume(records);
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
