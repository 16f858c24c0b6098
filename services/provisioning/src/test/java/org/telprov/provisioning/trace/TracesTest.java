package org.telprov.provisioning.trace;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.Topics;
import org.telprov.support.trace.DeviceSpans;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.awaitDeviceVersion;
import static org.telprov.provisioning.Provisioning.deviceEvent;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TracesTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PRODUCER_SPAN_ID = "b7ad6b7169203331";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aDeviceEventCarryingATraceIsAppliedInASpanOfThatTrace() {
        EventEnvelope event = deviceEvent(DeviceSnapshot.REGISTERED, "0c0000000001", "acme", "mx3b", null, 1);

        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES, event.aggregateId(),
                EventCodec.toJson(event), Map.of("traceparent", "00-" + TRACE_ID + "-" + PRODUCER_SPAN_ID + "-01"));

        awaitDeviceVersion("0c0000000001", 1);
        SpanData applied = await().atMost(Duration.ofSeconds(10)).until(
                () -> span(s -> s.getName().equals(Topics.INVENTORY_DEVICES + " process")), Optional::isPresent).get();
        assertThat(applied.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(applied.getParentSpanId()).isEqualTo(PRODUCER_SPAN_ID);
        assertThat(applied.getKind()).isEqualTo(SpanKind.CONSUMER);
    }

    @Test
    void aDeviceFileRequestSpanCarriesTheMac() {
        RestAssured.given().header("Authorization", "Digest username=\"0c0000000002\", response=\"not-for-traces\"")
                .get("/prov/0c0000000002/nvm/updates.xml");

        SpanData request = await().atMost(Duration.ofSeconds(10)).until(() -> span(s -> s.getKind() == SpanKind.SERVER
                && "0c0000000002".equals(s.getAttributes().get(DeviceSpans.MAC))), Optional::isPresent).orElseThrow();
        assertThat(request.getAttributes().asMap().values()).allSatisfy(value ->
                assertThat(String.valueOf(value)).doesNotContain("not-for-traces"));
    }

    private Optional<SpanData> span(Predicate<SpanData> matching) {
        return spans.getFinishedSpanItems().stream().filter(matching).findFirst();
    }
}
