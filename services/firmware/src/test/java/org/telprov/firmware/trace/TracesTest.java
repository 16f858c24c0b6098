package org.telprov.firmware.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.support.trace.DeviceSpans;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.firmware.Firmware.link;
import static org.telprov.firmware.Firmware.randomBytes;
import static org.telprov.firmware.Firmware.uploaded;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TracesTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aDownloadSpanCarriesTheMacButNotTheLinksSignature() {
        String artifactId = uploaded(TestTokens.partnerAdmin("acme"), "gigaset-maxwell", "mx-traces", "1.0",
                randomBytes(1_000, 7));
        String link = link(TestTokens.partnerAdmin("acme"), artifactId, "901b0e56d0f1");
        String signature = link.substring(link.indexOf("signature=") + "signature=".length()).split("&")[0];

        RestAssured.given().get(link).then().statusCode(200);

        SpanData download = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER
                        && "901b0e56d0f1".equals(s.getAttributes().get(DeviceSpans.MAC))).findFirst(),
                Optional::isPresent).get();
        assertThat(download.getAttributes().get(AttributeKey.stringKey("url.query"))).contains("signature=REDACTED");
        assertThat(download.getAttributes().asMap().values()).allSatisfy(value ->
                assertThat(String.valueOf(value)).doesNotContain(signature));
    }
}
