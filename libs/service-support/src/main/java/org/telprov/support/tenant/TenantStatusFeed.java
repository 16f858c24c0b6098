package org.telprov.support.tenant;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MalformedEventException;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code inventory-tenants} into the {@link TenantStatusTable}, from the beginning on every start (each replica
 * in a consumer group of its own, see the services' {@code application.properties}), and tells the table how far the
 * topic reached when it was assigned, so that readiness waits for the replay. A record it cannot read fails and goes
 * to the service's dead-letter topic (the channel's {@code dead-letter-queue} strategy).
 */
@ApplicationScoped
@Identifier(TenantStatusFeed.REBALANCE_LISTENER)
@IfBuildProperty(name = TenantStatusTable.ENABLED, stringValue = "true")
public class TenantStatusFeed implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String REBALANCE_LISTENER = "telprov-tenant-statuses";

    private final TenantStatusTable table;

    public TenantStatusFeed(TenantStatusTable table) {
        this.table = table;
    }

    @Incoming(Topics.INVENTORY_TENANTS)
    public void onTenant(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                return; // a tombstone: tenants are never deleted, so nothing is held that it could remove
            }
            EventEnvelope event = EventCodec.fromJson(record.value());
            TenantSnapshot snapshot = TenantSnapshot.from(event);
            if (snapshot.id() == null || snapshot.status() == null) {
                throw new MalformedEventException("tenant event " + event.id() + " lacks id or status", null);
            }
            table.apply(snapshot);
        } finally {
            // a record dead-lettered still counts as read: readiness must not wait for it forever
            table.consumed(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
        table.assigned(consumer.endOffsets(partitions), positions);
    }
}
