package org.telprov.support.inbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventBatchesTracingTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final List<String> appliedInTrace = new ArrayList<>();
    private final EventBatches<String> batches = new EventBatches<>(event -> event.aggregateId(),
            events -> appliedInTrace.add(Span.current().getSpanContext().getTraceId()),
            (record, reason) -> { }, provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aBatchOfOneTraceIsAppliedInAChildSpanOfTheProducer() {
        batches.consume(batch(traceparent(TRACE_A, "00f067aa0ba902b7"), traceparent(TRACE_A, "00f067aa0ba902b7")));

        SpanData span = exporter.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("inventory-devices process");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_A);
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(appliedInTrace).containsExactly(TRACE_A);
    }

    @Test
    void aBatchOfSeveralTracesStartsATraceLinkedToEach() {
        batches.consume(batch(traceparent(TRACE_A, "00f067aa0ba902b7"), null,
                traceparent(TRACE_B, "b7ad6b7169203331")));

        SpanData span = exporter.getFinishedSpanItems().get(0);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getLinks()).extracting(LinkData::getSpanContext).extracting(SpanContext::getTraceId)
                .containsExactly(TRACE_A, TRACE_B);
        assertThat(span.getAttributes().asMap()).containsValue(3L);
    }

    @Test
    void aBatchWithoutTracesGetsNoSpan() {
        batches.consume(batch(null, null));

        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        assertThat(appliedInTrace).containsExactly("00000000000000000000000000000000");
    }

    private static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static ConsumerRecords<String, String> batch(String... traceparents) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < traceparents.length; i++) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>("inventory-devices", 0, i, "key-" + i,
                    EventCodec.toJson(new EventEnvelope(UUID.randomUUID(), "known", 1, "device", "d" + i, "acme",
                            Instant.now(), JsonNodeFactory.instance.objectNode())));
            if (traceparents[i] != null) {
                record.headers().add("traceparent", traceparents[i].getBytes(StandardCharsets.UTF_8));
            }
            records.add(record);
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("inventory-devices", 0), records), Map.of());
    }
}
