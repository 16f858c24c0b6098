package org.telprov.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Sends single consumed records that cannot be applied to the service's dead-letter topic, through an emitter on the
 * channel bound to that topic. A batch consumer needs this because SmallRye's {@code dead-letter-queue} failure
 * strategy, given a failed batch, dead-letters every record of it. The headers are the ones that strategy writes, so a
 * dead-letter topic reads the same whoever filled it.
 */
public final class DeadLetters {

    /** Counts dead-lettered records, tagged with the topic they came from. */
    public static final String METRIC = "telprov.events.dead.lettered";

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry registry;

    public DeadLetters(MutinyEmitter<String> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Sends the record with the reason and waits for the broker's acknowledgement, so nothing is lost in between. */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", Objects.toString(reason.getMessage(), reason.getClass().getName()));
        if (reason.getCause() != null) {
            header(headers, "dead-letter-cause", Objects.toString(reason.getCause().getMessage(),
                    reason.getCause().getClass().getName()));
        }
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", String.valueOf(record.partition()));
        header(headers, "dead-letter-offset", String.valueOf(record.offset()));
        Log.warnf("Dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), reason.getMessage());
        emitter.sendMessageAndAwait(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build()));
        registry.counter(METRIC, "topic", record.topic()).increment();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
