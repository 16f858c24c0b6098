package org.telprov.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service offers operators, checked the same way in each: readiness with its database and Kafka, the
 * Prometheus endpoint with the outbox gauge, the OpenAPI document and Swagger UI. A service's test extends it with its
 * {@code @QuarkusTest} and test resources.
 */
public abstract class ServiceBasicsTest {

    @Test
    void isReadyWithItsDatabaseAndKafka() {
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.status", equalTo("UP"));
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutboxBacklog() {
        RestAssured.given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("telprov_outbox_pending"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    /**
     * Every metric monitored-metrics.txt lists for this service is in its scrape: the names the chart's dashboards and
     * alerts use are ones the service really exports. One API request first, so that the HTTP timers exist, and a GC,
     * so that the GC pause timer does.
     */
    @Test
    void exportsEveryMetricTheChartsDashboardsAndAlertsUseForIt() throws InterruptedException {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        List<String> expected = MonitoredMetrics.scrapedIn(service);
        RestAssured.given().get("/api/v1/no-such-resource");
        System.gc();
        Set<String> missing = Set.of();
        // the GC notification reaches its timer asynchronously
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
            Set<String> exported = MonitoredMetrics.names(
                    RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString());
            missing = expected.stream().filter(name -> !exported.contains(name)).collect(Collectors.toCollection(TreeSet::new));
            if (missing.isEmpty()) {
                break;
            }
        }
        assertThat("metrics of monitored-metrics.txt that " + service + " does not export", missing, empty());
    }

    @Test
    void documentsItsApi() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).body("openapi", containsString("3."));
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void everyOperationDeclaresItsErrorResponses() throws IOException {
        String document = RestAssured.given().queryParam("format", "json").get("/q/openapi").asString();

        assertThat(DeclaredResponses.violations(new ObjectMapper().readTree(document)), empty());
    }

    @Test
    void anOversizeJsonBodyIsRefusedWithAProblemBeforeItIsRead() throws IOException {
        String answer = raw("POST /api/v1/anything HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1099511627776\r\n\r\n{\"a\":");
        assertThat(answer, allOf(startsWith("HTTP/1.1 413"), containsString("application/problem+json"),
                containsString("\"code\":\"body_too_large\"")));
    }

    @Test
    void aJsonBodyWithoutALengthIsRefused() throws IOException {
        String answer = raw("POST /api/v1/anything HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n");
        assertThat(answer, allOf(startsWith("HTTP/1.1 411"), containsString("\"code\":\"length_required\"")));
    }

    /** Sends a request as it is and reads the answer until the server closes the connection. */
    protected static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
