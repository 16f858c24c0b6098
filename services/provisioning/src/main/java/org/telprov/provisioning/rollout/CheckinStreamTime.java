package org.telprov.provisioning.rollout;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.telprov.events.Topics;
import org.telprov.provisioning.ProvisioningConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rollout engine's time: the check-in stream's, an instant before which every check-in sent has been consumed.
 * It moves by marks: the scheduler notes the clock, then the end offset of every partition of {@code device-checkins};
 * once the consumer group's committed offsets reach those ends, every check-in sent before the noted instant has been
 * applied, and the stream's time becomes that instant less the longest a check-in is held before it is sent
 * ({@link #hold}), and a new mark is taken. So the time is never ahead of the clock, follows it a few seconds behind (the commit interval) while the consumers keep up, whether phones check in or
 * the stream is idle, and stands still while the consumers lag or the broker cannot be reached: a Kafka outage delays
 * timeouts instead of timing out devices whose confirmations wait in the broker. It is one group's, so every replica
 * reads the same time from the broker.
 */
@ApplicationScoped
public class CheckinStreamTime {

    private static final Logger LOG = Logger.getLogger(CheckinStreamTime.class);
    private static final long TIMEOUT_MILLIS = 5_000;
    /**
     * What a check-in may take beyond provisioning's boot window before it is in the topic: the sender's rounds, the
     * firmware service's outbox relay (which polls every second).
     */
    private static final Duration SENDING = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final String group;
    private final RolloutClock clock;
    /**
     * A check-in is sent up to this long after the instant it carries (provisioning holds a device's fetches for its
     * boot window), so a mark covers only the check-ins made this long before it: a device that confirmed just before
     * its deadline must not time out because its check-in was still held when the mark was reached.
     */
    private final Duration hold;
    private Admin admin;
    private Instant time;
    private Instant markedAt;
    private Map<TopicPartition, Long> markedEnds;

    public CheckinStreamTime(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             @ConfigProperty(name = "mp.messaging.incoming." + Topics.DEVICE_CHECKINS + ".group.id")
                             String group, RolloutClock clock, ProvisioningConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.clock = clock;
        this.hold = config.checkins().window().plus(SENDING);
    }

    /**
     * Moves the time as far as the group's commits allow.
     *
     * @return the stream's time; empty until the group was first seen at the marked ends
     */
    public synchronized Optional<Instant> advance() {
        try {
            if (markedEnds != null && reached()) {
                moveTo(markedAt);
            }
            if (markedEnds == null) {
                Instant at = clock.now();
                Map<TopicPartition, Long> ends = ends();
                markedAt = at;
                markedEnds = ends;
                if (reached()) {
                    // nothing unconsumed (an idle stream): the mark is reached at once
                    moveTo(at);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("The check-in stream's time stays at %s: %s", time, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(time);
    }

    /** The mark was reached: its instant less the hold is the stream's time, unless the clock went back since. */
    private void moveTo(Instant mark) {
        Instant at = mark.minus(hold);
        if (time == null || at.isAfter(time)) {
            time = at;
        }
        markedEnds = null;
    }

    /** The latest offset of every partition, or its earliest when it holds nothing: where a caught-up group is. */
    private Map<TopicPartition, Long> ends() throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription topic = admin().describeTopics(List.of(Topics.DEVICE_CHECKINS))
                .allTopicNames().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).get(Topics.DEVICE_CHECKINS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        topic.partitions().forEach(p -> {
            TopicPartition partition = new TopicPartition(Topics.DEVICE_CHECKINS, p.partition());
            latest.put(partition, OffsetSpec.latest());
            earliest.put(partition, OffsetSpec.earliest());
        });
        Map<TopicPartition, Long> last = offsets(admin().listOffsets(latest));
        Map<TopicPartition, Long> first = offsets(admin().listOffsets(earliest));
        Map<TopicPartition, Long> ends = new HashMap<>();
        // an empty partition (nothing sent, or all of it past retention) has nothing to wait for
        last.forEach((partition, end) -> ends.put(partition, end.equals(first.get(partition)) ? -1L : end));
        return ends;
    }

    private boolean reached() throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        for (Map.Entry<TopicPartition, Long> end : markedEnds.entrySet()) {
            if (end.getValue() < 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (offset == null || offset.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> offsets(ListOffsetsResult result)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MILLIS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MILLIS));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
