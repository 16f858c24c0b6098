package org.telprov.support.inbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MalformedEventException;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBatchesTest {

    private final List<List<String>> applied = new ArrayList<>();
    private final List<Long> deadLettered = new ArrayList<>();

    @Test
    void unreadableRecordsAreDeadLetteredAndTheOthersAppliedTogetherInTheirOrder() {
        EventBatches<String> batches = new EventBatches<>(event -> {
            if (!event.type().equals("known")) {
                throw new MalformedEventException("unknown event type " + event.type(), null);
            }
            return event.aggregateId();
        }, applied::add, (record, reason) -> deadLettered.add(record.offset()));

        batches.consume(batch(event("known", "a"), "{ not json", event("unknown", "b"), event("known", "c"), null));

        assertThat(applied).containsExactly(List.of("a", "c"));
        assertThat(deadLettered).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aBatchThatFailsAsAWholeIsAppliedOneAtATimeAndOnlyTheFailingEventIsDeadLettered() {
        EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(), events -> {
            if (events.contains("rejected")) {
                throw new IllegalStateException("value too long for type character varying(50)");
            }
            applied.add(events);
        }, (record, reason) -> deadLettered.add(record.offset()));

        batches.consume(batch(event("known", "a"), event("known", "rejected"), event("known", "c")));

        assertThat(applied).containsExactly(List.of("a"), List.of("c"));
        assertThat(deadLettered).containsExactly(1L);
    }

    @Test
    void aDatabaseBlipIsWaitedOutAndDeadLettersNothing() {
        int[] failuresLeft = {3};
        EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(), events -> {
            if (failuresLeft[0]-- > 0) {
                throw new IllegalStateException("could not commit",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006"));
            }
            applied.add(events);
        }, (record, reason) -> deadLettered.add(record.offset()), Duration.ofMillis(1), Duration.ofMinutes(1));

        batches.consume(batch(event("known", "a"), event("known", "b")));

        assertThat(applied).containsExactly(List.of("a", "b"));
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aDatabaseThatStaysAwayFailsTheConsumerInsteadOfDeadLettering() {
        EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(), events -> {
            throw new IllegalStateException("no connection", new SQLException("Sorry, acquisition timeout!"));
        }, (record, reason) -> deadLettered.add(record.offset()), Duration.ofMillis(1), Duration.ofMillis(20));

        assertThatThrownBy(() -> batches.consume(batch(event("known", "a"), event("known", "b"))))
                .isInstanceOf(EventBatches.TransientFailure.class);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void failuresThatAreNotTheEventsAreToldApartFromTheirs() {
        assertThat(EventBatches.isTransient(new RuntimeException(new SQLException("deadlock detected", "40P01"))))
                .isTrue();
        assertThat(EventBatches.isTransient(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(EventBatches.isTransient(new RuntimeException(
                new SQLException("value too long for type character varying(50)", "22001")))).isFalse();
        assertThat(EventBatches.isTransient(new IllegalStateException("no SQL at all"))).isFalse();
    }

    @Test
    void aBatchOfOnlyUnreadableRecordsAppliesNothing() {
        EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(), applied::add,
                (record, reason) -> deadLettered.add(record.offset()));

        batches.consume(batch("not json"));

        assertThat(applied).isEmpty();
        assertThat(deadLettered).containsExactly(0L);
    }

    private static String event(String type, String aggregateId) {
        // any type: the batches do not know event kinds, the apply function above does
        return EventCodec.toJson(new EventEnvelope(UUID.randomUUID(), type, 1, "device", aggregateId, "acme",
                Instant.now(), JsonNodeFactory.instance.objectNode()));
    }

    private static ConsumerRecords<String, String> batch(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>("inventory-devices", 0, i, "key-" + i, values[i]));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("inventory-devices", 0), records), Map.of());
    }
}
