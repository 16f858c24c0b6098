package org.telprov.redirect.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.MacAddress;
import org.telprov.events.Topics;
import org.telprov.redirect.RedirectConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@code device.redirected} for every answered lookup without making the lookup wait: the request thread
 * only offers the check-in to a bounded buffer, and a background sender drains it in batches to
 * {@code device-checkins}.
 *
 * <p>Deliberately not the outbox: check-ins are telemetry, and a lookup must neither wait for nor fail because of
 * Kafka or the database. When the buffer is full or the broker does not take an event, the event is lost and counted
 * in {@code telprov_redirect_checkins_dropped_total}.
 */
@ApplicationScoped
public class CheckinPublisher {

    /** What the request thread hands over; the event is built on the sender's thread. */
    private record Pending(long mac, String tenantId, String sourceIp, String userAgent, Instant at) {
    }

    private final RedirectConfig.Checkins config;
    private final String bootstrapServers;
    private final BlockingQueue<Pending> buffer;
    private final Counter dropped;
    private final Counter sent;
    /** Used by the sender thread only. */
    private final CheckinJson json = new CheckinJson();
    private volatile boolean running;
    private KafkaProducer<String, byte[]> producer;
    private Thread sender;

    public CheckinPublisher(RedirectConfig config, MeterRegistry registry,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config.checkins();
        this.bootstrapServers = this.config.bootstrapServers().orElse(bootstrapServers);
        this.buffer = new ArrayBlockingQueue<>(this.config.bufferSize());
        this.dropped = Counter.builder("telprov.redirect.checkins.dropped")
                .description("device.redirected events lost: buffer full or not accepted by Kafka").register(registry);
        this.sent = Counter.builder("telprov.redirect.checkins.sent")
                .description("device.redirected events acknowledged by Kafka").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "redirect-checkins",
                // One broker's ack is enough for telemetry; idempotence would demand acks=all.
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                // large, lingering batches: at tens of thousands of lookups a second, fewer requests spare the broker
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.maxBlock().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis(),
                // the producer insists on delivery timeout >= linger + request timeout
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(config.deliveryTimeout().toMillis() - 50, 5_000),
                ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        running = true;
        sender = new Thread(this::drain, "redirect-checkin-sender");
        sender.setDaemon(true);
        sender.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (sender == null) {
            return;
        }
        running = false;
        sender.join(3_000);
        producer.close(Duration.ofSeconds(2));
    }

    /** Hands a check-in over, its free text cleaned as every check-in's is (and so bounded while it waits); never blocks. */
    public void publish(long mac, String tenantId, String sourceIp, String userAgent) {
        if (!config.enabled()) {
            return;
        }
        if (!running || !buffer.offer(new Pending(mac, tenantId, DeviceCheckin.sourceIp(sourceIp),
                DeviceCheckin.userAgent(userAgent), Instant.now()))) {
            dropped.increment();
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(config.batchSize());
        while (running || !buffer.isEmpty()) {
            try {
                Pending first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, config.batchSize() - 1);
                batch.forEach(this::send);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("Check-in sender failed on a batch of %d: %s", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void send(Pending pending) {
        String mac = new MacAddress(pending.mac()).toString();
        byte[] event = json.write(UUID.randomUUID(), mac, pending.tenantId(), pending.sourceIp(), pending.userAgent(),
                pending.at());
        try {
            producer.send(new ProducerRecord<>(Topics.DEVICE_CHECKINS, mac, event),
                    (metadata, failure) -> (failure == null ? sent : dropped).increment());
        } catch (RuntimeException e) {
            // e.g. the broker's metadata did not arrive within max-block: the check-in is lost, the sender goes on
            dropped.increment();
        }
    }
}
