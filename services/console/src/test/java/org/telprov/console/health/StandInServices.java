package org.telprov.console.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Four services as the health page meets them: inventory ready with an outbox backlog and dead letters, provisioning
 * not ready (its database check down), redirect hanging past the timeout, firmware not listening at all. The timeout is
 * generous (3 s), so that on a busy machine only the hanging one misses it.
 */
public class StandInServices implements QuarkusTestResourceLifecycleManager {

    static final String INVENTORY_METRICS = """
            # HELP telprov_outbox_pending
            # TYPE telprov_outbox_pending gauge
            telprov_outbox_pending 3.0
            # TYPE kafka_consumer_fetch_manager_records_lag_max gauge
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-checkins",kafka_version="3.9.1",} 42.0
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-devices",kafka_version="3.9.1",} NaN
            # TYPE telprov_events_dead_lettered_total counter
            telprov_events_dead_lettered_total{topic="telprov.checkins"} 1.0
            telprov_events_dead_lettered_total{topic="telprov.devices"} 1.0
            http_server_requests_seconds_count{method="GET",uri="/api/v1/devices"} 7.0
            """;

    private HttpServer server;
    private ExecutorService threads;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/inventory/q/health/ready", exchange -> answer(exchange, 200,
                "{\"status\":\"UP\",\"checks\":[{\"name\":\"Database connections health check\",\"status\":\"UP\"}]}"));
        server.createContext("/inventory/q/metrics", exchange -> answer(exchange, 200, INVENTORY_METRICS));
        server.createContext("/provisioning/q/health/ready", exchange -> answer(exchange, 503,
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"Database connections health check\",\"status\":\"DOWN\"},"
                        + "{\"name\":\"Kafka connection health check\",\"status\":\"UP\"}]}"));
        server.createContext("/provisioning/q/metrics",
                exchange -> answer(exchange, 200, "telprov_outbox_pending 0.0\n"));
        server.createContext("/redirect/", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("telprov.console.health.inventory-url", base + "/inventory/",
                "telprov.console.health.provisioning-url", base + "/provisioning",
                "telprov.console.health.redirect-url", base + "/redirect",
                "telprov.console.health.firmware-url", "http://127.0.0.1:" + closedPort(),
                "telprov.console.health.timeout", "3s");
    }

    @Override
    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A port nothing listens on: borrowed, then given back. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
