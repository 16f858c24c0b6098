package org.telprov.support.checkin;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends a device-facing service's check-ins to {@code device-checkins} best effort, without making a request wait: the
 * request thread only offers what it has to a bounded buffer, and one sender thread drains it in batches through a
 * {@link Stage} (which may send each item at once or hold and merge them) into a Kafka producer tuned for telemetry.
 *
 * <p>Deliberately not the outbox: check-ins are telemetry, and a device's request must neither wait for nor fail
 * because of Kafka or the database. An item that finds the buffer full, and an event the broker does not take, is lost and
 * counted in {@code dropped}; acknowledged events are counted in {@code sent}. At {@link #stop} the buffer is drained
 * and what the stage holds is sent, as far as the broker takes it within the stop's time.
 *
 * @param <T> what the request thread hands over; the event is built on the sender's thread
 */
public final class CheckinSender<T> {

    // not io.quarkus.logging.Log: the unit tests run this class outside Quarkus
    private static final Logger LOG = Logger.getLogger(CheckinSender.class);

    /** How long the sender waits for an item before it asks its stage what is due. */
    private static final long POLL_MILLIS = 200;

    /** What the sender thread makes of the items handed over; only ever called on that thread. */
    public interface Stage<T> {

        /** An item handed over, taken at {@code nanoTime} ({@link System#nanoTime}). */
        void take(T item, long nanoTime, Out out);

        /** Sends what is due at {@code nanoTime}; called after every batch and at least every 200 ms. */
        default void due(long nanoTime, Out out) {
        }

        /** Sends everything still held: the service is stopping. */
        default void drain(Out out) {
        }
    }

    /** Where a stage sends its check-ins. */
    public interface Out {
        /** Sends the check-in as an event of the kind, {@link DeviceCheckin#REDIRECTED} or {@code FETCHED}. */
        void send(EventKind<DeviceCheckin> kind, DeviceCheckin checkin);
    }

    /**
     * @param bufferSize       items waiting for the sender; when full, new ones are dropped
     * @param batchSize        items the sender takes from the buffer per round
     * @param bootstrapServers the broker
     * @param maxBlock         how long a send may wait for the broker's metadata before the event counts as lost
     * @param deliveryTimeout  how long an event may wait for the broker's acknowledgement before it counts as lost
     */
    public record Settings(int bufferSize, int batchSize, String bootstrapServers, Duration maxBlock,
                           Duration deliveryTimeout) {
    }

    private final String name;
    private final Settings settings;
    private final Stage<T> stage;
    private final BlockingQueue<T> buffer;
    private final Counter sent;
    private final Counter dropped;
    /** Used by the sender thread only. */
    private final CheckinJson json = new CheckinJson();
    private final Out out = this::send;
    private volatile boolean running;
    private Producer<String, byte[]> producer;
    private Thread sender;

    /**
     * @param name the service: the producer's client id is {@code <name>-checkins}, the thread's name
     *             {@code <name>-checkin-sender}
     */
    public CheckinSender(String name, Settings settings, Stage<T> stage, Counter sent, Counter dropped) {
        this.name = name;
        this.settings = settings;
        this.stage = stage;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferSize());
        this.sent = sent;
        this.dropped = dropped;
    }

    /** Creates the producer (which connects lazily: a broker that is away does not stop the service) and the thread. */
    public void start() {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, name + "-checkins",
                // One broker's ack is enough for telemetry; idempotence would demand acks=all.
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                // large, lingering batches: at tens of thousands of check-ins a second, fewer requests spare the broker
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.maxBlock().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis(),
                // the producer insists on delivery timeout >= linger + request timeout
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(settings.deliveryTimeout().toMillis() - 50, 5_000),
                ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024));
        // Keep what it knew of the topic while no broker answers: the default (rebootstrap) forgets it once no broker
        // can be reached, and every send then fails after max-block instead of waiting in the producer, up to the
        // delivery timeout, for the broker's return.
        config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        start(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
    }

    /** Starts with the given producer (tests: a {@code MockProducer}). */
    void start(Producer<String, byte[]> producer) {
        this.producer = producer;
        running = true;
        sender = new Thread(this::drain, name + "-checkin-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Sends what is buffered and what the stage holds, then closes the producer; waits at most {@code sending} for
     * the sender and {@code closing} for the broker's acknowledgements.
     */
    public void stop(Duration sending, Duration closing) throws InterruptedException {
        if (sender == null) {
            return;
        }
        running = false;
        sender.join(sending.toMillis());
        producer.close(closing);
    }

    /** Hands an item over; never blocks. Dropped and counted when the buffer is full or the sender is not running. */
    public void offer(T item) {
        if (!running || !buffer.offer(item)) {
            dropped.increment();
        }
    }

    private void drain() {
        List<T> batch = new ArrayList<>(settings.batchSize());
        while (running || !buffer.isEmpty()) {
            try {
                T first = buffer.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    buffer.drainTo(batch, settings.batchSize() - 1);
                    long now = System.nanoTime();
                    for (T item : batch) {
                        stage.take(item, now, out);
                    }
                }
                stage.due(System.nanoTime(), out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Check-in sender failed on a batch of %d: %s", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
        try {
            stage.drain(out);
        } catch (RuntimeException e) {
            LOG.warnf("Check-in sender failed to send what it held at shutdown: %s", e);
        }
    }

    private void send(EventKind<DeviceCheckin> kind, DeviceCheckin checkin) {
        byte[] event = json.write(UUID.randomUUID(), kind, checkin);
        try {
            producer.send(new ProducerRecord<>(kind.topic(), kind.aggregateIdOf(checkin), event),
                    (metadata, failure) -> (failure == null ? sent : dropped).increment());
        } catch (RuntimeException e) {
            // e.g. the broker's metadata did not arrive within max-block: the check-in is lost, the sender goes on
            dropped.increment();
        }
    }
}
