package org.telprov.redirect.trace;

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
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.support.trace.DeviceSpans;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class TracesTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aDeviceEventCarryingATraceIsAppliedInASpanOfThatTrace() {
        registered(tenant(TenantSnapshot.CREATED, "traces-globex", "http://p.globex.example/{mac}", "active", 1));
        EventEnvelope event = device(DeviceSnapshot.REGISTERED, "0b0000000001", "traces-globex", "S1", 1);

        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES, event.aggregateId(),
                EventCodec.toJson(event), Map.of("traceparent", "00-" + TRACE_ID + "-" + PRODUCER_SPAN_ID + "-01"));

        SpanData applied = await().atMost(Duration.ofSeconds(30)).until(
                () -> span(s -> s.getName().equals(Topics.INVENTORY_DEVICES + " process")
                        && s.getTraceId().equals(TRACE_ID)), Optional::isPresent).get();
        assertThat(applied.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(applied.getParentSpanId()).isEqualTo(PRODUCER_SPAN_ID);
        // the projection's statements run inside the batch's span
        await().atMost(Duration.ofSeconds(10)).until(() -> span(s -> s.getParentSpanId().equals(applied.getSpanId())),
                Optional::isPresent);
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given().redirects().follow(false)
                .get("/device/0b0000000001").statusCode() == 302);
    }

    @Test
    void aLookupSpanCarriesTheMacButNeitherTheAuthorizationHeaderNorItsToken() {
        registered(tenant(TenantSnapshot.CREATED, "traces-initech", "http://p.initech.example/{mac}", "active", 1),
                device(DeviceSnapshot.REGISTERED, "0b0000000002", "traces-initech", "S2", 1));

        RestAssured.given().redirects().follow(false).header("Authorization", "Bearer not-for-traces-0b2")
                .get("/device/0B-00-00-00-00-02").then().statusCode(302);

        SpanData lookup = await().atMost(Duration.ofSeconds(10)).until(
                () -> span(s -> s.getKind() == SpanKind.SERVER
                        && "0b0000000002".equals(s.getAttributes().get(DeviceSpans.MAC))), Optional::isPresent).get();
        assertThat(lookup.getAttributes().asMap()).allSatisfy((key, value) -> {
            assertThat(key.getKey()).doesNotContainIgnoringCase("authorization");
            assertThat(String.valueOf(value)).doesNotContain("not-for-traces");
        });
    }

    private Optional<SpanData> span(java.util.function.Predicate<SpanData> matching) {
        List<SpanData> finished = spans.getFinishedSpanItems();
        return finished.stream().filter(matching).findFirst();
    }
}
