package org.telprov.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Stands in for a Quarkus service: answers {@code /q/health/ready} and shows the environment the launcher gave it
 * at {@code /env}, so the launcher can be tested before (and independently of) the real services.
 */
public final class FakeService {

    /** Set in a service's environment to make it die at startup. */
    static final String FAIL = "FAKE_SERVICE_FAIL";

    public static void main(String[] args) throws IOException {
        if (System.getenv(FAIL) != null) {
            System.out.println("fake service: told to fail");
            System.exit(3);
        }
        InetSocketAddress address = new InetSocketAddress(System.getenv("QUARKUS_HTTP_HOST"),
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT")));
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/q/health/ready", exchange -> respond(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/env", exchange -> respond(exchange, new TreeMap<>(System.getenv()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n"))));
        server.start();
        System.out.println("fake service listening on " + address);
    }

    /**
     * Puts a jar where the launcher looks for a service's Quarkus fast-jar; its manifest runs this class from the
     * test classes directory.
     */
    static void install(Path repoRoot, String name) throws IOException {
        Path jar = ServiceProcess.jar(repoRoot, name);
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toUri().toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
