package org.telprov.redirect.trace;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.redirect.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.registered;
import static org.telprov.redirect.Redirect.tenant;

/**
 * With the device ratio at 0 ({@link SharedTestProfile}), lookups start no trace, even with a sampled traceparent, while
 * events' traces go on.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DeviceSamplingTest {

    private static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4737";
    private static final String LATER_TRACE_ID = "7bf92f3577b34da6a3ce929d0e0e4739";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void lookupsAreNotSampledButTheProjectionFollowsItsProducer() {
        registered(tenant(TenantSnapshot.CREATED, "sampling-globex", "http://p.globex.example/{mac}", "active", 1),
                device(DeviceSnapshot.REGISTERED, "0d0000000001", "sampling-globex", "S1", 1));
        tracedUpdate(2, TRACE_ID);

        for (int i = 0; i < 20; i++) {
            RestAssured.given().redirects().follow(false)
                    .header("traceparent", "00-6bf92f3577b34da6a3ce929d0e0e4738-00f067aa0ba902b7-01")
                    .get("/device/0d0000000001").then().statusCode(302);
        }
        // spans are exported in the order they end: once a later one is out, a recorded lookup would be too
        tracedUpdate(3, LATER_TRACE_ID);

        assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getKind() == SpanKind.SERVER);
    }

    private void tracedUpdate(long version, String traceId) {
        EventEnvelope event = device(DeviceSnapshot.UPDATED, "0d0000000001", "sampling-globex", "S" + version,
                version);
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.INVENTORY_DEVICES, event.aggregateId(),
                EventCodec.toJson(event), Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getTraceId().equals(traceId)));
    }
}
