package org.telprov.support.inbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.support.trace.TraceContexts;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Consumes a polled batch of event records for a projection: reads and checks every record first, dead-letters those
 * that cannot be read, and hands the others on in one list, in the order they were polled (per partition, so one
 * device's events stay in order), for the projection to apply in one transaction.
 *
 * <p>When that fails as a whole because of the events (a value the database rejects), the records are applied again
 * one at a time and only those that fail on their own are dead-lettered: one bad record never takes its batch with it.
 * A failure that says nothing about the events (the database away or restarting, a deadlock, a serialization failure,
 * no free connection) is retried with backoff instead, for up to {@code patience}; after that the consumer gives up
 * with an exception, so the channel fails, the health check reports it and the records are polled again after the
 * restart. A database blip therefore delays events, never dead-letters them. A projection's apply must be idempotent,
 * which its processed-event ids make it.
 *
 * <p>A batch whose records carry a trace context (the outbox relay puts it into their headers) is applied in a span of
 * its own, {@code <topic> process}: a child of the producer's span when the whole batch carries one context (a single
 * API call's events, or one import's), so the trace runs on from the partner's call into this consumer's database
 * statements; a new trace linked to each context when the batch mixes several, since a span has one parent and the
 * batch is applied as one. A batch without any context (tracing off, check-ins) gets no span and costs nothing.
 *
 * @param <T> what the projection makes of an event
 */
public final class EventBatches<T> {

    private static final Logger LOG = Logger.getLogger(EventBatches.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    // the SDK's default limit of links per span
    private static final int MAX_LINKS = 128;

    private final Function<EventEnvelope, T> reader;
    private final Consumer<List<T>> applier;
    private final BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters;
    private final Duration firstBackoff;
    private final Duration patience;
    private final Tracer tracer;

    /**
     * @param reader      checks an event and makes what the applier needs of it; throws for an event it cannot apply
     * @param applier     applies the events, in one transaction, and returns once it committed
     * @param deadLetters sends a record with the reason to the dead-letter topic and returns once the broker has it,
     *                    e.g. {@link org.telprov.support.kafka.DeadLetters#send}
     */
    public EventBatches(Function<EventEnvelope, T> reader, Consumer<List<T>> applier,
                        BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters) {
        this(reader, applier, deadLetters, TracerProvider.noop().get(EventBatches.class.getName()));
    }

    /** As {@link #EventBatches(Function, Consumer, BiConsumer)}, applying each batch that carries a trace in a span. */
    public EventBatches(Function<EventEnvelope, T> reader, Consumer<List<T>> applier,
                        BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters, Tracer tracer) {
        // patience well below Kafka's max.poll.interval.ms (5 minutes), so the consumer keeps its partitions meanwhile
        this(reader, applier, deadLetters, Duration.ofMillis(500), Duration.ofMinutes(2), tracer);
    }

    EventBatches(Function<EventEnvelope, T> reader, Consumer<List<T>> applier,
                 BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters, Duration firstBackoff,
                 Duration patience) {
        this(reader, applier, deadLetters, firstBackoff, patience,
                TracerProvider.noop().get(EventBatches.class.getName()));
    }

    EventBatches(Function<EventEnvelope, T> reader, Consumer<List<T>> applier,
                 BiConsumer<ConsumerRecord<String, String>, Throwable> deadLetters, Duration firstBackoff,
                 Duration patience, Tracer tracer) {
        this.reader = reader;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.firstBackoff = firstBackoff;
        this.patience = patience;
        this.tracer = tracer;
    }

    public void consume(ConsumerRecords<String, String> records) {
        consume(records, record -> true);
    }

    /**
     * As {@link #consume(ConsumerRecords)}, reading only the records {@code worthReading} takes (from their keys,
     * say): the others are skipped unread, neither applied nor dead-lettered, for a consumer that needs few of a
     * topic's events and should not pay for parsing the rest.
     */
    public void consume(ConsumerRecords<String, String> records,
                        Predicate<ConsumerRecord<String, String>> worthReading) {
        Span span = processSpan(records);
        if (span == null) {
            consumeUntraced(records, worthReading);
            return;
        }
        try (Scope ignored = span.makeCurrent()) {
            consumeUntraced(records, worthReading);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The span the batch is applied in, or null when none of its records carries a trace context. */
    private Span processSpan(ConsumerRecords<String, String> records) {
        // one import's records all carry the same traceparent: each distinct one is parsed once
        Map<String, SpanContext> contexts = null;
        String topic = null;
        for (ConsumerRecord<String, String> record : records) {
            Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
            if (header == null) {
                continue;
            }
            if (contexts == null) {
                contexts = new LinkedHashMap<>();
                topic = record.topic();
            }
            String traceparent = new String(header.value(), StandardCharsets.UTF_8);
            if (!contexts.containsKey(traceparent)) {
                contexts.put(traceparent,
                        Span.fromContext(TraceContexts.parent(record.headers())).getSpanContext());
            }
        }
        if (contexts == null) {
            return null;
        }
        List<SpanContext> valid = contexts.values().stream().filter(SpanContext::isValid).distinct().toList();
        if (valid.isEmpty()) {
            return null;
        }
        SpanBuilder span = tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.batch.message_count", (long) records.count());
        if (valid.size() == 1) {
            span.setParent(Context.root().with(Span.wrap(valid.get(0))));
        } else {
            span.setNoParent();
            valid.stream().limit(MAX_LINKS).forEach(span::addLink);
        }
        return span.startSpan();
    }

    private void consumeUntraced(ConsumerRecords<String, String> records,
                                 Predicate<ConsumerRecord<String, String>> worthReading) {
        List<ConsumerRecord<String, String>> readRecords = new ArrayList<>(records.count());
        List<T> read = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            if (!worthReading.test(record)) {
                continue;
            }
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
            applyRetrying(read);
        } catch (TransientFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (read.size() == 1) {
                deadLetters.accept(readRecords.get(0), e);
                return;
            }
            LOG.warnf("A batch of %d events could not be applied (%s); applying them one at a time", read.size(),
                    e.toString());
            for (int i = 0; i < read.size(); i++) {
                try {
                    applyRetrying(List.of(read.get(i)));
                } catch (TransientFailure gaveUp) {
                    throw gaveUp;
                } catch (RuntimeException single) {
                    deadLetters.accept(readRecords.get(i), single);
                }
            }
        }
    }

    /**
     * Applies the events, retrying failures that are not theirs with growing pauses.
     *
     * @throws RuntimeException the events' own failure, for the caller to isolate and dead-letter
     * @throws TransientFailure when the database has not come back within {@code patience}; never dead-lettered
     */
    private void applyRetrying(List<T> events) {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration backoff = firstBackoff;
        while (true) {
            try {
                applier.accept(events);
                return;
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TransientFailure(events.size(), patience, e);
                }
                LOG.warnf("Applying %d events failed for a reason that is not theirs (%s); retrying in %d ms",
                        events.size(), e.toString(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new TransientFailure(events.size(), patience, e);
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * True for failures that say nothing about the events: SQL states of class 08 (connection), 40 (transaction
     * rollback: serialization failure, deadlock), 53 (insufficient resources), 57P (the server shutting down or
     * restarting), the JDBC driver's transient and recoverable exceptions, and no connection in the pool in time.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P"))) {
                    return true;
                }
                // Agroal's pool gives up waiting for a connection without a SQL state
                if (state == null && sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The database stayed away longer than the consumer's patience; the records are polled again after a restart. */
    public static final class TransientFailure extends RuntimeException {
        TransientFailure(int events, Duration patience, Throwable cause) {
            super("gave up applying " + events + " events after " + patience + " of failures that are not theirs",
                    cause);
        }
    }
}
