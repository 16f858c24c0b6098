package org.telprov.inventory.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TracesTest {

    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theEventOfAnApiCallCarriesTheCallsTraceToKafkaThroughTheOutboxRelay() {
        spans.reset();
        as(TestTokens.operator())
                .body(Map.of("id", "traced", "name", "Traced",
                        "provisioningUrlTemplate", "https://p.traced.example/{mac}"))
                .post("/api/v1/tenants")
                .then().statusCode(201);

        ConsumerRecord<String, String> record = TopicProbe.await(bootstrapServers, Topics.INVENTORY_TENANTS,
                r -> "traced".equals(r.key()), Duration.ofSeconds(30));
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        String[] fields = new String(traceparent.value(), StandardCharsets.UTF_8).split("-");

        SpanData call = await().atMost(Duration.ofSeconds(10)).until(() -> span(s -> s.getKind() == SpanKind.SERVER
                && "/api/v1/tenants".equals(s.getAttributes().get(URL_PATH))), Optional::isPresent).get();
        assertThat(fields[1]).isEqualTo(call.getTraceId());
        // the header names the relay's send, a child of the call: the trace goes on where the event went
        SpanData send = await().atMost(Duration.ofSeconds(10)).until(() -> span(s -> s.getSpanId().equals(fields[2])),
                Optional::isPresent).get();
        assertThat(send.getName()).isEqualTo(Topics.INVENTORY_TENANTS + " publish");
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getTraceId()).isEqualTo(call.getTraceId());
        assertThat(send.getParentSpanId()).isNotEqualTo("0000000000000000");
    }

    @Test
    void theEventsOfAnImportCarryTheImportsTraceToKafka() {
        ensureTenant("acme");
        spans.reset();
        as(TestTokens.partnerAdmin("acme")).contentType("text/csv")
                .body("mac,vendor,model\n3d0000000001,gigaset-maxwell,mx3b\n3d0000000002,gigaset-maxwell,mx3b\n")
                .post("/api/v1/devices/import")
                .then().statusCode(200);

        SpanData call = await().atMost(Duration.ofSeconds(10)).until(() -> span(s -> s.getKind() == SpanKind.SERVER
                && "/api/v1/devices/import".equals(s.getAttributes().get(URL_PATH))), Optional::isPresent).get();
        for (String mac : List.of("3d0000000001", "3d0000000002")) {
            ConsumerRecord<String, String> record = TopicProbe.await(bootstrapServers, Topics.INVENTORY_DEVICES_BULK,
                    r -> mac.equals(r.key()), Duration.ofSeconds(30));
            Header traceparent = record.headers().lastHeader("traceparent");
            assertThat(traceparent).as(mac).isNotNull();
            // the bulk lane passes the import's own context on, without a span per record
            assertThat(new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1])
                    .isEqualTo(call.getTraceId());
        }
    }

    private Optional<SpanData> span(Predicate<SpanData> matching) {
        return spans.getFinishedSpanItems().stream().filter(matching).findFirst();
    }
}
