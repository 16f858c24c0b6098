package org.telprov.support.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.MalformedEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aBatchOfOnlyUnreadableRecordsAppliesNothing() {
        EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(), applied::add,
                (record, reason) -> deadLettered.add(record.offset()));

        batches.consume(batch("not json"));

        assertThat(applied).isEmpty();
        assertThat(deadLettered).containsExactly(0L);
    }

    private static String event(String type, String aggregateId) {
        return EventCodec.toJson(EventCodec.envelope(type, 1, "device", aggregateId, "acme", Instant.now(), Map.of()));
    }

    private static ConsumerRecords<String, String> batch(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>("inventory-devices", 0, i, "key-" + i, values[i]));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("inventory-devices", 0), records), Map.of());
    }
}
