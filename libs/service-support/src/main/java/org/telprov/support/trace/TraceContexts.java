package org.telprov.support.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) as the outbox stores it and Kafka headers carry it,
 * so the trace of the request that wrote an event goes on in every consumer that applies it. Without an active span
 * (tracing off, the default) there is nothing to store and nothing costs more than a look at the current span.
 */
public final class TraceContexts {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** The width of a version-00 {@code traceparent}, and of its column. */
    public static final int TRACEPARENT_LENGTH = 55;
    /**
     * The longest {@code tracestate} stored (its column's width): the 512 characters W3C asks every vendor to pass on.
     * A longer one is dropped, as the specification allows; it comes from the caller and need not fit.
     */
    public static final int MAX_TRACESTATE_LENGTH = 512;

    /** A stored trace context: the {@code traceparent}, and the {@code tracestate} or null. */
    public record Stored(String traceparent, String tracestate) {
    }

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<String[]> TO_ARRAY = (carrier, key, value) -> {
        if (TRACEPARENT.equals(key)) {
            carrier[0] = value;
        } else if (TRACESTATE.equals(key)) {
            carrier[1] = value;
        }
    };

    private static final TextMapGetter<Stored> FROM_STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Stored carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Stored carrier, String key) {
            return carrier == null ? null : TRACEPARENT.equals(key) ? carrier.traceparent() : carrier.tracestate();
        }
    };

    private static final TextMapGetter<Headers> FROM_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceContexts() {
    }

    /** The trace context of the current span, to store with an event; null without a valid one (tracing off). */
    public static Stored current() {
        return of(Context.current());
    }

    /** The trace context of the span in {@code context}, to store or send on; null without a valid one. */
    public static Stored of(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        String[] fields = new String[2];
        W3C.inject(context, fields, TO_ARRAY);
        if (fields[0] == null || fields[0].length() != TRACEPARENT_LENGTH) {
            return null;
        }
        String state = fields[1] == null || fields[1].isEmpty() || fields[1].length() > MAX_TRACESTATE_LENGTH
                ? null : fields[1];
        return new Stored(fields[0], state);
    }

    /** The remote span context a stored trace context names, as a parent; the root context when there is none. */
    public static Context parent(Stored stored) {
        if (stored == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), stored, FROM_STORED);
    }

    /** The remote span context a record's headers carry, as a parent; the root context when they carry none. */
    public static Context parent(Headers headers) {
        if (headers == null || headers.lastHeader(TRACEPARENT) == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), headers, FROM_HEADERS);
    }

    /** Puts the stored trace context into a record's headers (nothing when null). */
    public static void put(Stored stored, Headers headers) {
        if (stored == null) {
            return;
        }
        headers.add(TRACEPARENT, stored.traceparent().getBytes(StandardCharsets.UTF_8));
        if (stored.tracestate() != null) {
            headers.add(TRACESTATE, stored.tracestate().getBytes(StandardCharsets.UTF_8));
        }
    }
}
