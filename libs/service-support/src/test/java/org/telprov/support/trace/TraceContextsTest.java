package org.telprov.support.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextsTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void withoutASpanNothingIsStored() {
        assertThat(TraceContexts.current()).isNull();
    }

    @Test
    void aStoredContextTravelsInTheHeadersUnchanged() {
        TraceContexts.Stored stored = new TraceContexts.Stored(TRACEPARENT, "vendor=abc");
        RecordHeaders headers = new RecordHeaders();

        TraceContexts.put(stored, headers);

        SpanContext parent = Span.fromContext(TraceContexts.parent(headers)).getSpanContext();
        assertThat(parent.isRemote()).isTrue();
        assertThat(TraceContexts.of(Context.root().with(Span.wrap(parent)))).isEqualTo(stored);
    }

    @Test
    void aTracestateLongerThanItsColumnIsDropped() {
        SpanContext span = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.builder().put("vendor", "x".repeat(250))
                        .put("other", "y".repeat(250)).put("third", "z".repeat(250)).build());

        TraceContexts.Stored stored = TraceContexts.of(Context.root().with(Span.wrap(span)));

        assertThat(stored.traceparent()).isEqualTo(TRACEPARENT);
        assertThat(stored.tracestate()).isNull();
    }
}
