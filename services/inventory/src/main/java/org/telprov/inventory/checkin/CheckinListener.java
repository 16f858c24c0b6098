package org.telprov.inventory.checkin;

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
 * Feeds the device-facing services' check-ins to the {@link CheckinService}, a polled batch at a time. Records that
 * cannot be applied go to the dead-letter topic {@code inventory-dlq}, one by one; the rest of their batch is applied.
 */
@ApplicationScoped
public class CheckinListener {

    /** The channel bound to the dead-letter topic of the same name. */
    static final String DEAD_LETTERS = "inventory-dlq";

    private final EventBatches<CheckinService.Checkin> checkins;

    public CheckinListener(CheckinService service, @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetterChannel,
                           MeterRegistry registry, Tracer tracer) {
        this.checkins = new EventBatches<>(service::read, service::record,
                new DeadLetters(deadLetterChannel, registry)::send, tracer);
    }

    @Incoming(Topics.DEVICE_CHECKINS)
    @Blocking
    public void onCheckins(ConsumerRecords<String, String> records) {
        checkins.consume(records);
    }
}
