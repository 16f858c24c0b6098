package org.telprov.console.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.console.ConsoleConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads every service's readiness and event-flow metrics for the operator's platform health page. All calls go out at
 * once and each has a timeout, so the page costs at most about one timeout however many services hang; a service that
 * does not answer is reported as such, never as an error of the page.
 */
@ApplicationScoped
public class PlatformHealth {

    /** The outbox relay's gauge of events not yet sent (libs/service-support OutboxRelay). */
    static final String OUTBOX = "telprov_outbox_pending";
    /** The Kafka client's largest lag of a consumer, in records (the chart's TelprovConsumerLagHigh alert). */
    static final String LAG = "kafka_consumer_fetch_manager_records_lag_max";
    /** Messages sent to a dead-letter topic (libs/service-support DeadLetters), per topic. */
    static final String DEAD = "telprov_events_dead_lettered_total";
    private static final Set<String> METRICS = Set.of(OUTBOX, LAG, DEAD);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Optional<String>> services = new LinkedHashMap<>();
    private final Duration timeout;
    private final HttpClient http;

    public PlatformHealth(ConsoleConfig config) {
        ConsoleConfig.Health health = config.health();
        services.put("inventory", health.inventoryUrl());
        services.put("redirect", health.redirectUrl());
        services.put("provisioning", health.provisioningUrl());
        services.put("firmware", health.firmwareUrl());
        timeout = health.timeout();
        http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Every service, in a fixed order, as it answers now. */
    public List<ServiceHealth> check() {
        List<CompletableFuture<ServiceHealth>> checks = new ArrayList<>();
        services.forEach((name, url) -> checks.add(url.map(base -> check(name, base.replaceAll("/+$", "")))
                .orElseGet(() -> CompletableFuture.completedFuture(new ServiceHealth(name, null,
                        ServiceHealth.State.NOT_CONFIGURED, null, List.of(), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty())))));
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<ServiceHealth> check(String name, String base) {
        CompletableFuture<HttpResponse<String>> ready = get(base + "/q/health/ready");
        CompletableFuture<HttpResponse<String>> metrics = get(base + "/q/metrics");
        return ready.handle((readiness, failure) -> failure)
                .thenCombine(metrics.handle((answer, failure) -> answer), (failure, answer) -> {
                    boolean answered = answer != null && answer.statusCode() == 200;
                    MetricsText figures = MetricsText.parse(answered ? answer.body() : "", METRICS);
                    OptionalDouble outbox = figures.max(OUTBOX);
                    OptionalDouble lag = figures.max(LAG);
                    // the counter appears with a topic's first dead letter: none yet reads as 0, not as no metric
                    OptionalDouble dead = figures.sum(DEAD);
                    if (answered && dead.isEmpty()) {
                        dead = OptionalDouble.of(0);
                    }
                    if (failure != null) {
                        return new ServiceHealth(name, base, ServiceHealth.State.NOT_ANSWERING, reason(failure),
                                List.of(), outbox, lag, dead);
                    }
                    HttpResponse<String> readiness = ready.join();
                    if (readiness.statusCode() == 200) {
                        return new ServiceHealth(name, base, ServiceHealth.State.READY, null, List.of(), outbox, lag,
                                dead);
                    }
                    return new ServiceHealth(name, base, ServiceHealth.State.NOT_READY,
                            "its readiness check answered " + readiness.statusCode(), downChecks(readiness.body()),
                            outbox, lag, dead);
                });
    }

    /** A GET bounded by the timeout; a hung service fails it rather than the page. */
    private CompletableFuture<HttpResponse<String>> get(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException badUrl) {
            return CompletableFuture.failedFuture(badUrl);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                // a second bound: the client's timeout covers the wait for headers, this one a body that trickles
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IllegalArgumentException) {
            return "its configured URL is not one";
        }
        return cause instanceof IOException && cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }

    /** The names of the checks a SmallRye Health answer reports as not up. */
    static List<String> downChecks(String body) {
        List<String> down = new ArrayList<>();
        try {
            for (JsonNode check : JSON.readTree(body).path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    down.add(check.path("name").asText("unnamed check"));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not SmallRye Health's JSON: the status code says it is not ready, which is all there is to say
        }
        return down;
    }
}
