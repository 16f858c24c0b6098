package org.telprov.support.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.hibernate.Session;
import org.telprov.support.trace.TraceContexts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends outbox rows to Kafka and deletes each once the broker has acknowledged it. A failed row stays and is retried
 * with exponential backoff, so a broker outage delays events but never loses them.
 *
 * <p>Each {@link Lane} is drained by a thread of its own: the interactive lane (the events of single API calls) never
 * waits for a bulk batch's acknowledgements, deletes or statistics, so a registration never waits behind an import's
 * backlog. An interactive row never overtakes an earlier pending row of the same key, of either lane (a pending row is
 * one not yet acknowledged, so a bulk row in flight holds it back too). Every replica runs the relay, but a PostgreSQL
 * advisory lock per lane and service schema lets one replica of a service drain each lane at a time. A batch is sent
 * asynchronously, so the producer batches and compresses it, and the acknowledged rows are deleted in one statement.
 * Consumers still compare the snapshot versions events carry, so a retry that overtakes a later event does no harm.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The channel the relay writes through; each message names its own topic. */
    public static final String CHANNEL = "outbox";

    /**
     * The keys of a lane's advisory lock, the lane's key as the parameter. Advisory locks are per database, and the
     * services share one (a schema each): keyed by the lane alone, one service's relay draining an import would keep
     * every other service's relay from draining that lane.
     */
    public static final String LOCK_KEYS = "hashtext(current_schema()), ?";

    /** The outbox's two lanes, each drained on its own (column {@code bulk}). */
    public enum Lane {
        /** The events of single API calls ({@link Outbox#publish}). */
        INTERACTIVE(0x7e19_0001, "outbox-relay", """
                select o.id, o.event_id, o.topic, o.message_key, o.event_type, o.envelope, o.attempts, o.traceparent,
                       o.tracestate
                from outbox_event o
                where not o.bulk and o.next_attempt_at <= ?
                  and not exists (select 1 from outbox_event e where e.message_key = o.message_key and e.id < o.id)
                order by o.bulk, o.id
                limit ?"""),
        /** An import's events ({@link Outbox#publishBulk}). */
        BULK(0x7e19_0002, "outbox-relay-bulk", """
                select o.id, o.event_id, o.topic, o.message_key, o.event_type, o.envelope, o.attempts, o.traceparent,
                       o.tracestate
                from outbox_event o
                where o.bulk and o.next_attempt_at <= ?
                order by o.bulk, o.id
                limit ?""");

        // Constants that no other advisory lock of a service uses.
        private final int advisoryLock;
        private final String threadName;
        // Due rows in id order. An interactive row waits while an earlier row of its key is pending (a bulk row, or
        // one waiting for a retry), so one aggregate's events still leave in the order they were written. Ordered by
        // (bulk, id), the lane's index order.
        private final String due;

        Lane(int advisoryLock, String threadName, String due) {
            this.advisoryLock = advisoryLock;
            this.threadName = threadName;
            this.due = due;
        }

        /** The name of the lane's drainer thread. */
        public String threadName() {
            return threadName;
        }

        /**
         * The second key of the PostgreSQL advisory lock whose holder drains this lane (the first is the hash of the
         * service's schema, {@link #LOCK_KEYS}): while another transaction holds it, none does.
         */
        public int advisoryLock() {
            return advisoryLock;
        }
    }

    private final KafkaClientService kafka;
    private final Tracer tracer;
    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final Counter sent;
    private final Counter failed;
    private final Counter stuck;
    private final AtomicLong pending = new AtomicLong();
    private final Map<Lane, Drainer> drainers = new EnumMap<>(Lane.class);

    // The emitter declares the channel, whose Kafka producer (configured under mp.messaging.outgoing.outbox) the relay
    // then uses directly through the KafkaClientService.
    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> channel, KafkaClientService kafka, Tracer tracer,
                       EntityManager entityManager, OutboxConfig config, MeterRegistry registry) {
        if (config.batchSize() < 1 || config.batchSize() > OutboxConfig.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("telprov.outbox.batch-size must be between 1 and "
                    + OutboxConfig.MAX_BATCH_SIZE + ", not " + config.batchSize());
        }
        this.kafka = kafka;
        this.tracer = tracer;
        this.entityManager = entityManager;
        this.config = config;
        this.sent = registry.counter("telprov.outbox.sent");
        this.failed = registry.counter("telprov.outbox.send.failures");
        this.stuck = registry.counter("telprov.outbox.stuck");
        // Counted by the relay's threads (at a backlog, and at most once a poll interval otherwise) and lowered as rows
        // are sent: a scrape never waits for the database (and a scrape on the event loop could not ask it).
        registry.gauge("telprov.outbox.pending", pending);
        for (Lane lane : Lane.values()) {
            drainers.put(lane, new Drainer(lane));
        }
    }

    void start(@Observes StartupEvent event) {
        if (config.relay()) {
            drainers.values().forEach(Drainer::start);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        List<Thread> running = drainers.values().stream().map(Drainer::stop).filter(Objects::nonNull).toList();
        for (Thread thread : running) {
            thread.join(config.sendTimeout().toMillis());
        }
    }

    /** Asks for a drain of the lane now rather than at the next poll; called after a transaction that wrote to it commits. */
    public void wakeUp(Lane lane) {
        drainers.get(lane).wakeUps.release();
    }

    /** Drains one lane on a thread of its own: after each wake-up, and every poll interval for retries. */
    private final class Drainer {

        private final Lane lane;
        private final Semaphore wakeUps = new Semaphore(0);
        // When this drainer last counted the rows: at most once a poll interval, however often commits wake it up.
        private long countedAt = System.nanoTime() - config.pollInterval().toNanos() - 1;
        private volatile Thread worker;

        Drainer(Lane lane) {
            this.lane = lane;
        }

        void start() {
            worker = new Thread(this::run, lane.threadName);
            worker.setDaemon(true);
            worker.start();
        }

        /** Asks the thread to stop and returns it (null when it never started), for the caller to wait for. */
        Thread stop() {
            Thread running = worker;
            worker = null;
            if (running != null) {
                running.interrupt();
            }
            return running;
        }

        private void run() {
            while (worker == Thread.currentThread()) {
                try {
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                    drain();
                    if (System.nanoTime() - countedAt > config.pollInterval().toNanos()) {
                        countPending();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (worker != Thread.currentThread()) {
                        return;
                    }
                    // The database may be away; the rows wait for it, and so does the relay.
                    Log.warnf("Outbox relay could not drain the outbox's %s lane: %s", lane, e.toString());
                }
            }
        }

        private void drain() {
            if (relayBatch(lane) < config.batchSize()) {
                return;
            }
            // A full batch: a backlog (an import, or rows that waited for the broker). The table may have grown from
            // empty to 100,000 rows in one commit, faster than autovacuum's analyze notices, and with the statistics of
            // an empty table the delete of each batch scans the whole backlog (500 ms a batch instead of a few ms).
            analyze();
            countPending();
            while (relayBatch(lane) == config.batchSize()) {
                // a full batch suggests more are waiting: go on without waiting for a wake-up
            }
        }

        /** Counts the rows in the outbox, for the pending gauge; -1 when the database cannot say. */
        private void countPending() {
            countedAt = System.nanoTime();
            try {
                pending.set(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                        .createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue()));
            } catch (RuntimeException e) {
                Log.debugf("Could not count the outbox's rows: %s", e);
                pending.set(-1);
            }
        }
    }

    private void analyze() {
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery("analyze outbox_event").executeUpdate());
        } catch (RuntimeException e) {
            // not the table's owner, say: the relay still works, with whatever statistics autovacuum keeps
            Log.debugf("Could not analyze the outbox: %s", e);
        }
    }

    /** Sends one batch of the lane's due rows in one transaction; returns how many rows it looked at. */
    int relayBatch(Lane lane) {
        // Room for the broker's acknowledgements plus the deletes of a full batch on a busy database.
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).plusSeconds(60).toSeconds())
                .call(() -> entityManager.unwrap(Session.class).doReturningWork(connection -> {
                    if (!tryLock(connection, lane)) {
                        return 0;
                    }
                    List<Row> due = due(connection, lane);
                    settle(connection, due, send(due, lane));
                    return due.size();
                }));
    }

    /** An outbox row as the relay reads it; {@code trace} is the writer's trace context, or null. */
    private record Row(long id, UUID eventId, String topic, String key, String type, String envelope, int attempts,
                       TraceContexts.Stored trace) {
    }

    private static boolean tryLock(Connection connection, Lane lane) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select pg_try_advisory_xact_lock(" + LOCK_KEYS + ")")) {
            lock.setInt(1, lane.advisoryLock);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private List<Row> due(Connection connection, Lane lane) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(lane.due)) {
            select.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            select.setInt(2, config.batchSize());
            List<Row> rows = new ArrayList<>(config.batchSize());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String traceparent = result.getString(8);
                    rows.add(new Row(result.getLong(1), result.getObject(2, UUID.class), result.getString(3),
                            result.getString(4), result.getString(5), result.getString(6), result.getInt(7),
                            traceparent == null ? null : new TraceContexts.Stored(traceparent, result.getString(9))));
                }
            }
            return rows;
        }
    }

    /**
     * Hands the whole batch to the channel's Kafka producer at once, so it packs the records into large compressed
     * batches; the futures complete with the broker's acknowledgements. The producer is called directly: going through
     * the emitter costs about 80 µs a record, more than the rest of the relay together.
     *
     * <p>A row written in a trace goes on in it: an interactive row gets a producer span, a child of the request that
     * wrote it, whose context the record's headers carry; a bulk row carries the import's stored context as it is,
     * since a span per row would put 100,000 spans into one import's trace.
     */
    private List<CompletableFuture<Void>> send(List<Row> rows, Lane lane) {
        Producer<String, String> producer = kafka.<String, String>getProducer(CHANNEL).unwrap();
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        RuntimeException abandoned = null;
        for (Row row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            if (abandoned != null) {
                ack.completeExceptionally(abandoned);
                continue;
            }
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.envelope());
            Span span = row.trace() == null || lane == Lane.BULK ? null : sendSpan(row);
            TraceContexts.put(span == null ? row.trace() : TraceContexts.of(Context.root().with(span)),
                    record.headers());
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                    endSpan(span, failure);
                });
            } catch (RuntimeException e) {
                // a record too large, a closed producer
                ack.completeExceptionally(e);
                endSpan(span, e);
            }
            // With the broker away each send blocks for max.block.ms before it fails: the rest of the batch waits for
            // the next attempt rather than blocking the relay a thousand times over. (A record that fails on its own,
            // too large say, does not hold the others up.)
            if (failedWaiting(ack) || System.nanoTime() - deadline > 0) {
                abandoned = new IllegalStateException("not sent: an earlier event of the batch failed or the send "
                        + "timeout passed");
            }
        }
        return acks;
    }

    /** The producer span of an interactive row's send, in the trace of the request that wrote the row. */
    private Span sendSpan(Row row) {
        return tracer.spanBuilder(row.topic() + " publish")
                .setParent(TraceContexts.parent(row.trace()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.message.id", row.eventId().toString())
                .setAttribute("telprov.event.type", row.type())
                .setAttribute("telprov.outbox.attempts", row.attempts())
                .startSpan();
    }

    private static void endSpan(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.toString());
        }
        span.end();
    }

    /** True when the send failed at once because the producer waited in vain for the broker (metadata, buffer). */
    private static boolean failedWaiting(CompletableFuture<Void> ack) {
        try {
            ack.getNow(null);
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof TimeoutException;
        }
    }

    /** Deletes the rows the broker acknowledged, in one statement, and schedules the others for a retry. */
    private void settle(Connection connection, List<Row> rows, List<CompletableFuture<Void>> acks) throws SQLException {
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<Long> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(rows.get(i).id());
            } catch (InterruptedException e) {
                // Shutting down: roll the batch back untouched rather than count an attempt against every row.
                Thread.currentThread().interrupt();
                throw new IllegalStateException("outbox relay stopped", e);
            } catch (Exception e) {
                scheduleRetry(connection, rows.get(i), e);
            }
        }
        if (!acknowledged.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("delete from outbox_event where id = any(?)")) {
                Array ids = connection.createArrayOf("bigint", acknowledged.toArray());
                delete.setArray(1, ids);
                delete.executeUpdate();
                ids.free();
            }
            sent.increment(acknowledged.size());
            pending.accumulateAndGet(acknowledged.size(), (held, done) -> Math.max(0, held - done));
        }
    }

    private void scheduleRetry(Connection connection, Row row, Exception cause) throws SQLException {
        int attempts = row.attempts() + 1;
        String error = String.valueOf(cause.getCause() != null ? cause.getCause() : cause);
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox_event set attempts = ?, last_error = ?, next_attempt_at = ? where id = ?")) {
            update.setInt(1, attempts);
            update.setString(2, error);
            update.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).plus(backoff(attempts)));
            update.setLong(4, row.id());
            update.executeUpdate();
        }
        failed.increment();
        if (attempts == config.alertAfterAttempts()) {
            stuck.increment();
            Log.errorf("Outbox event %s (%s to %s) failed %d times; still retrying. Last error: %s",
                    row.eventId(), row.type(), row.topic(), attempts, error);
        } else {
            Log.warnf("Outbox event %s (%s to %s) not sent, attempt %d: %s",
                    row.eventId(), row.type(), row.topic(), attempts, error);
        }
    }

    Duration backoff(int attempts) {
        Duration delay = config.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }
}
