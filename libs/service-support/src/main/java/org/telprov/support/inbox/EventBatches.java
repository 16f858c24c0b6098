package org.telprov.support.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Consumes a polled batch of event records for a projection: reads and checks every record first, dead-letters those
 * that cannot be read, and hands the others on in one list, in the order they were polled (per partition, so one
 * device's events stay in order), for the projection to apply in one transaction.
 *
 * <p>When that fails as a whole (a value the database rejects, a deadlock, the database away), the records are applied
 * again one at a time and only those that fail on their own are dead-lettered: one bad record never takes its batch
 * with it. A projection's apply must therefore be idempotent, which its processed-event ids make it.
 *
 * @param <T> what the projection makes of an event
 */
public final class EventBatches<T> {

    private static final Logger LOG = Logger.getLogger(EventBatches.class);

    private final Function<EventEnvelope, T> reader;
    private final Consumer<List<T>> applier;
    private final BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters;

    /**
     * @param reader      checks an event and makes what the applier needs of it; throws for an event it cannot apply
     * @param applier     applies the events, in one transaction, and returns once it committed
     * @param deadLetters sends a record with the reason to the dead-letter topic and returns once the broker has it,
     *                    e.g. {@link org.telprov.support.kafka.DeadLetters#send}
     */
    public EventBatches(Function<EventEnvelope, T> reader, Consumer<List<T>> applier,
                        BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters) {
        this.reader = reader;
        this.applier = applier;
        this.deadLetters = deadLetters;
    }

    public void consume(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> readRecords = new ArrayList<>(records.count());
        List<T> read = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                read.add(reader.apply(EventCodec.fromJson(record.value())));
                readRecords.add(record);
            } catch (RuntimeException e) {
                deadLetters.accept(record, e);
            }
        }
        if (read.isEmpty()) {
            return;
        }
        try {
            applier.accept(read);
        } catch (RuntimeException e) {
            if (read.size() == 1) {
                deadLetters.accept(readRecords.get(0), e);
                return;
            }
            LOG.warnf("A batch of %d events could not be applied (%s); applying them one at a time", read.size(),
                    e.toString());
            for (int i = 0; i < read.size(); i++) {
                try {
                    applier.accept(List.of(read.get(i)));
                } catch (RuntimeException single) {
                    deadLetters.accept(readRecords.get(i), single);
                }
            }
        }
    }
}
