package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP ports of every platform component on 127.0.0.1: the fixed defaults the documentation uses, or free
 * ephemeral ones so a test run does not clash with a developer's running platform.
 */
public record PlatformPorts(int postgres, int kafka, int kafkaController, int keycloak, Map<String, Integer> services) {

    /** Every service the launcher knows, in start order, with its default port. */
    static final Map<String, Integer> DEFAULT_SERVICE_PORTS = defaultServicePorts();

    public PlatformPorts {
        services = Map.copyOf(services);
    }

    public static PlatformPorts defaults() {
        return new PlatformPorts(15432, 19092, 19093, 18080, DEFAULT_SERVICE_PORTS);
    }

    /** Ports the operating system reports free right now (they are held together so that no two are equal). */
    public static PlatformPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            Map<String, Integer> services = new LinkedHashMap<>();
            for (String service : DEFAULT_SERVICE_PORTS.keySet()) {
                services.put(service, hold(held));
            }
            return new PlatformPorts(hold(held), hold(held), hold(held), hold(held), services);
        } finally {
            held.forEach(PlatformPorts::closeQuietly);
        }
    }

    /** The port of a known service. */
    public int service(String name) {
        Integer port = services.get(name);
        if (port == null) {
            throw new IllegalArgumentException("unknown service '" + name + "'; known: " + DEFAULT_SERVICE_PORTS.keySet());
        }
        return port;
    }

    /** Fails with a hint when a port is taken, which is almost always a platform that is still running. */
    static void requireFree(String component, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PlatformException("port " + port + " for " + component + " is already in use"
                    + " (is the platform already running? stop it with ./platform down)");
        }
    }

    private static int hold(List<ServerSocket> held) {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            held.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The port was only borrowed to learn its number.
        }
    }

    private static Map<String, Integer> defaultServicePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("inventory", 8084);
        ports.put("redirect", 8081);
        ports.put("provisioning", 8082);
        ports.put("firmware", 8083);
        return Collections.unmodifiableMap(ports);
    }
}
