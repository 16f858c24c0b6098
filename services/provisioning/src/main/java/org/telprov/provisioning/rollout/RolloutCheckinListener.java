package org.telprov.provisioning.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.Topics;
import org.telprov.provisioning.device.LastSeen;
import org.telprov.support.inbox.EventBatches;
import org.telprov.support.kafka.DeadLetters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Feeds the check-ins of devices that wait for a rollout's confirmation to their rollouts, a polled batch at a time, in
 * the consumer group {@code provisioning-rollouts} that provisioning's replicas share (each gets some partitions, so
 * some MACs). Most check-ins pass here while no rollout waits for them, and parsing every one cost a boot storm's share of
 * the cores, so a record is read only when its key (the MAC) names a device some running rollout waits for
 * ({@link RolloutAudience}), or one whose last-seen hour this replica does not know recorded ({@link LastSeen}, which a
 * rollout's filter reads): in a steady fleet, one record a device an hour. Of those read, the check-ins of waiting
 * devices are applied per rollout: one lock and save for all of a batch's check-ins of that rollout (its run kept in
 * memory from the batch before, {@link RolloutRuns}); then all of them move their devices' last-seen hours, at most one
 * statement per batch. Records read that cannot be parsed go to {@code provisioning-dlq} (inventory, which reads every
 * check-in, dead-letters the others). Redeliveries need no processed-event table: the state
 * machine changes nothing for a check-in it has seen.
 */
@ApplicationScoped
public class RolloutCheckinListener {

    /** The channel bound to the dead-letter topic of the same name. */
    static final String DEAD_LETTERS = "provisioning-dlq";
    static final String METRIC = "telprov.rollouts.checkins";

    private final EventBatches<DeviceCheckin> checkins;
    private final RolloutAudience audience;
    private final RolloutEngine engine;
    private final RolloutClock clock;
    private final LastSeen lastSeen;
    private final Counter dropped;
    private final Counter applied;

    public RolloutCheckinListener(RolloutAudience audience, RolloutEngine engine, RolloutClock clock, LastSeen lastSeen,
                                  @Channel(DEAD_LETTERS) MutinyEmitter<String> deadLetterChannel,
                                  MeterRegistry registry, Tracer tracer) {
        this.audience = audience;
        this.engine = engine;
        this.clock = clock;
        this.lastSeen = lastSeen;
        this.checkins = new EventBatches<>(DeviceCheckin::from, this::apply,
                new DeadLetters(deadLetterChannel, registry)::send, tracer);
        this.dropped = Counter.builder(METRIC).tag("outcome", "dropped")
                .description("check-ins of devices that wait for no rollout's confirmation").register(registry);
        this.applied = Counter.builder(METRIC).tag("outcome", "applied")
                .description("check-ins passed to the rollout whose confirmation their device waits for")
                .register(registry);
        Gauge.builder("telprov.rollouts.waiting.devices", audience, RolloutAudience::size)
                .description("devices of running rollouts whose check-ins are applied").register(registry);
    }

    @Incoming(Topics.DEVICE_CHECKINS)
    @Blocking
    public void onCheckins(ConsumerRecords<String, String> records) {
        audience.refresh();
        int[] unread = {0};
        checkins.consume(records, record -> {
            long mac = mac(record.key());
            // the record's time is when it was sent, at or after the check-in's own: never an hour too early
            boolean worthReading = audience.waits(mac) || !lastSeen.knows(mac, record.timestamp());
            unread[0] += worthReading ? 0 : 1;
            return worthReading;
        });
        dropped.increment(unread[0]);
        lastSeen.rememberedUnread(unread[0]);
    }

    /**
     * Applies a batch: one transaction per rollout it touches, in the order the check-ins were polled, then one for the
     * last-seen hours (after the rollouts, whose confirmations should not wait for it).
     */
    private void apply(List<DeviceCheckin> batch) {
        Map<UUID, List<DeviceCheckin>> byRollout = new LinkedHashMap<>();
        int none = 0;
        for (DeviceCheckin checkin : batch) {
            List<UUID> rollouts = checkin.tenantId() == null ? List.of() : audience.rollouts(checkin.tenantId(),
                    mac(checkin.mac()));
            if (rollouts.isEmpty()) {
                none++;
            }
            rollouts.forEach(id -> byRollout.computeIfAbsent(id, k -> new ArrayList<>()).add(checkin));
        }
        for (Map.Entry<UUID, List<DeviceCheckin>> rollout : byRollout.entrySet()) {
            applied.increment(engine.applyCheckins(rollout.getKey(), rollout.getValue(), clock.now()).checkins());
        }
        dropped.increment(none);
        lastSeen.record(batch);
    }

    private static long mac(String mac) {
        try {
            return Long.parseLong(mac, 16);
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }
}
