package org.telprov.support.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends outbox rows to Kafka and deletes each once the broker has acknowledged it. A failed row stays and is retried
 * with exponential backoff, so a broker outage delays events but never loses them.
 *
 * <p>Every replica runs the relay, but a PostgreSQL advisory lock lets one of them drain the table at a time: rows then
 * leave in id order, which keeps one aggregate's events in order on its partition. Consumers still compare the
 * snapshot versions events carry, so a retry that overtakes a later event does no harm.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The channel the relay writes through; each message names its own topic. */
    public static final String CHANNEL = "outbox";

    // Any constant that no other advisory lock of the service uses.
    private static final long RELAY_LOCK = 0x7e1_9a0f_0001L;

    private final MutinyEmitter<String> emitter;
    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final Counter sent;
    private final Counter failed;
    private final Counter stuck;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-sender");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Thread worker;

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                       MutinyEmitter<String> emitter,
                       EntityManager entityManager, OutboxConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.entityManager = entityManager;
        this.config = config;
        this.sent = registry.counter("telprov.outbox.sent");
        this.failed = registry.counter("telprov.outbox.send.failures");
        this.stuck = registry.counter("telprov.outbox.stuck");
        registry.gauge("telprov.outbox.pending", this, OutboxRelay::pendingForGauge);
    }

    void start(@Observes StartupEvent event) {
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            running.join(config.sendTimeout().toMillis());
        }
        sender.shutdownNow();
    }

    /** Asks for a drain now rather than at the next poll; called after a transaction that wrote events commits. */
    public void wakeUp() {
        wakeUps.release();
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                drain();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (worker != Thread.currentThread()) {
                    return;
                }
                // The database may be away; the rows wait for it, and so does the relay.
                Log.warnf("Outbox relay could not drain the outbox: %s", e.toString());
            }
        }
    }

    private void drain() {
        while (relayBatch() == config.batchSize()) {
            // a full batch suggests more are waiting: go on without waiting for a wake-up
        }
    }

    /** Sends one batch of due rows in one transaction; returns how many rows it looked at. */
    int relayBatch() {
        // Room for the broker's acknowledgements plus the deletes of a full batch on a busy database.
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).plusSeconds(60).toSeconds())
                .call(() -> {
                    if (!tryLock()) {
                        return 0;
                    }
                    List<OutboxEvent> due = OutboxEvent.<OutboxEvent>find("nextAttemptAt <= ?1 order by id", Instant.now())
                            .page(0, config.batchSize())
                            .list();
                    settle(due, send(due));
                    return due.size();
                });
    }

    private boolean tryLock() {
        return (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK)
                .getSingleResult();
    }

    private List<CompletableFuture<Void>> send(List<OutboxEvent> rows) {
        List<Message<String>> messages = rows.stream()
                .map(row -> Message.of(row.envelope).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic)
                        .withKey(row.messageKey)
                        .build()))
                .toList();
        // Subscribed on a thread without the relay's transaction: subscribing here would propagate the transaction
        // to Kafka's callback threads, and Narayana then finds several threads in it at commit.
        return CompletableFuture.supplyAsync(() -> messages.stream()
                        .map(message -> emitter.sendMessage(message).subscribeAsCompletionStage())
                        .toList(), sender)
                .join();
    }

    private void settle(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks) {
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                row.delete();
                sent.increment();
            } catch (InterruptedException e) {
                // Shutting down: roll the batch back untouched rather than count an attempt against every row.
                Thread.currentThread().interrupt();
                throw new IllegalStateException("outbox relay stopped", e);
            } catch (Exception e) {
                scheduleRetry(row, e);
            }
        }
    }

    private void scheduleRetry(OutboxEvent row, Exception cause) {
        row.attempts++;
        row.lastError = String.valueOf(cause.getCause() != null ? cause.getCause() : cause);
        row.nextAttemptAt = Instant.now().plus(backoff(row.attempts));
        failed.increment();
        if (row.attempts == config.alertAfterAttempts()) {
            stuck.increment();
            Log.errorf("Outbox event %s (%s to %s) failed %d times; still retrying. Last error: %s",
                    row.eventId, row.eventType, row.topic, row.attempts, row.lastError);
        } else {
            Log.warnf("Outbox event %s (%s to %s) not sent, attempt %d: %s",
                    row.eventId, row.eventType, row.topic, row.attempts, row.lastError);
        }
    }

    Duration backoff(int attempts) {
        Duration delay = config.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    private double pendingForGauge() {
        try {
            return QuarkusTransaction.requiringNew().call(OutboxEvent::count);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
