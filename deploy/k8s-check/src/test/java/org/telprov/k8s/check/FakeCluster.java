package org.telprov.k8s.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a Kubernetes API server for the chart's {@code lookup} calls. helm-java's template and install
 * commands evaluate {@code lookup} against a cluster (the {@code helm} CLI's {@code helm template} does not, and
 * {@code lookup} returns nothing there); without one they fail. This server answers API discovery for core/v1 Secrets
 * and returns the Secrets a test puts in it, 404 for any other: a render sees an empty cluster unless a test says
 * otherwise, as on a first install. Helm finds it through $KUBECONFIG, which surefire points at {@link #KUBECONFIG}.
 */
final class FakeCluster {

    static final Path KUBECONFIG = Path.of(System.getProperty("telprov.kubeconfig", "target/fake-cluster/kubeconfig"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, Object>> SECRETS = new ConcurrentHashMap<>();
    private static HttpServer server;

    private FakeCluster() {
    }

    /** Starts the server once per test JVM and writes the kubeconfig that points at it. */
    static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", FakeCluster::handle);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            Files.createDirectories(KUBECONFIG.toAbsolutePath().getParent());
            Files.writeString(KUBECONFIG, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: fake
                        cluster:
                          server: http://127.0.0.1:%d
                    users:
                      - name: fake
                        user: {}
                    contexts:
                      - name: fake
                        context:
                          cluster: fake
                          user: fake
                    current-context: fake
                    """.formatted(server.getAddress().getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a Secret exist, as one the chart wrote at an earlier install. */
    static void putSecret(String namespace, String name, Map<String, String> stringData) {
        Map<String, String> data = new TreeMap<>();
        stringData.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        SECRETS.put(namespace + "/" + name, Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", name, "namespace", namespace), "type", "Opaque", "data", data));
    }

    static void removeSecret(String namespace, String name) {
        SECRETS.remove(namespace + "/" + name);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, status(405, "MethodNotAllowed", "read-only"));
            } else if (path.equals("/api/v1")) {
                respond(exchange, 200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", "v1",
                        "resources", List.of(Map.of("name", "secrets", "singularName", "secret", "namespaced", true,
                                "kind", "Secret", "verbs", List.of("get", "list")))));
            } else if (parts.length == 7 && path.startsWith("/api/v1/namespaces/") && parts[5].equals("secrets")
                    && SECRETS.containsKey(parts[4] + "/" + parts[6])) {
                respond(exchange, 200, SECRETS.get(parts[4] + "/" + parts[6]));
            } else {
                respond(exchange, 404, status(404, "NotFound", path + " not found"));
            }
        }
    }

    private static Map<String, Object> status(int code, String reason, String message) {
        return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", code, "reason", reason,
                "message", message);
    }

    private static void respond(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
