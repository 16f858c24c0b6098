package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TCP ports of every platform component on 127.0.0.1: the fixed defaults the documentation uses, or free
 * ephemeral ones so a test run does not clash with a developer's running platform.
 */
public record PlatformPorts(int postgres, int kafka, int kafkaController, int keycloak, Map<String, Integer> services) {

    /** Every service the launcher knows, in start order, with its default port. */
    static final Map<String, Integer> DEFAULT_SERVICE_PORTS = defaultServicePorts();

    /** The most processes of each service a platform starts ({@code ./platform up --replicas N}). */
    public static final int MAX_REPLICAS = 4;

    /** Replica k of a service listens {@code (k - 1) * REPLICA_PORT_STEP} above the service's port: 8084, 8094, ... */
    static final int REPLICA_PORT_STEP = 10;

    /** Above every default port, so a test platform never takes one a developer's running platform uses. */
    private static final int FREE_PORTS_FROM = 20_000;

    public PlatformPorts {
        services = Map.copyOf(services);
    }

    public static PlatformPorts defaults() {
        return new PlatformPorts(15432, 19092, 19093, 18080, DEFAULT_SERVICE_PORTS);
    }

    /**
     * Ports free right now, held together so that no two are equal, and taken below the kernel's ephemeral range;
     * each service's port with the ports of its {@link #MAX_REPLICAS} replicas (see {@link #service(String, int)}).
     * A port from that range (what binding port 0 returns) can be given to an outgoing connection as its local port
     * in the minute between choosing it and the service binding it, and the service then fails to start; a port
     * below the range is never handed out that way.
     */
    public static PlatformPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int ephemeralStart = ephemeralRangeStart();
            Map<String, Integer> services = new LinkedHashMap<>();
            for (String service : DEFAULT_SERVICE_PORTS.keySet()) {
                services.put(service, holdSeries(held, ephemeralStart));
            }
            return new PlatformPorts(hold(held, ephemeralStart), hold(held, ephemeralStart), hold(held, ephemeralStart),
                    hold(held, ephemeralStart), services);
        } finally {
            held.forEach(PlatformPorts::closeQuietly);
        }
    }

    /** One port free right now, below the kernel's ephemeral range as in {@link #free()}: for an extra replica. */
    static int freePort() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            return hold(held, ephemeralRangeStart());
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

    /**
     * The port of replica {@code replica} (1 to {@link #MAX_REPLICAS}) of a known service: the service's own port for
     * the first, then {@link #REPLICA_PORT_STEP} higher for each further one.
     */
    public int service(String name, int replica) {
        if (replica < 1 || replica > MAX_REPLICAS) {
            throw new IllegalArgumentException("replica " + replica + " is not between 1 and " + MAX_REPLICAS);
        }
        return service(name) + REPLICA_PORT_STEP * (replica - 1);
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

    /** A free port in [FREE_PORTS_FROM, ephemeralStart), or an ephemeral one if that range is too small or full. */
    private static int hold(List<ServerSocket> held, int ephemeralStart) {
        for (int attempt = 0; attempt < 100 && ephemeralStart - FREE_PORTS_FROM >= 1_000; attempt++) {
            int port = FREE_PORTS_FROM + ThreadLocalRandom.current().nextInt(ephemeralStart - FREE_PORTS_FROM);
            try {
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                } catch (IOException taken) {
                    socket.close();
                    continue;
                }
                held.add(socket);
                return port;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a socket", e);
            }
        }
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            held.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * A free port whose replica ports ({@link #REPLICA_PORT_STEP} apart, {@link #MAX_REPLICAS} in all) are free too,
     * all held; falls back to a single port from {@link #hold} only if no series is found.
     */
    private static int holdSeries(List<ServerSocket> held, int ephemeralStart) {
        int span = REPLICA_PORT_STEP * (MAX_REPLICAS - 1);
        for (int attempt = 0; attempt < 100 && ephemeralStart - span - FREE_PORTS_FROM >= 1_000; attempt++) {
            int base = FREE_PORTS_FROM + ThreadLocalRandom.current().nextInt(ephemeralStart - span - FREE_PORTS_FROM);
            List<ServerSocket> series = new ArrayList<>();
            for (int replica = 0; replica < MAX_REPLICAS; replica++) {
                ServerSocket socket = bindOrNull(base + replica * REPLICA_PORT_STEP);
                if (socket == null) {
                    break;
                }
                series.add(socket);
            }
            if (series.size() == MAX_REPLICAS) {
                held.addAll(series);
                return base;
            }
            series.forEach(PlatformPorts::closeQuietly);
        }
        return hold(held, ephemeralStart);
    }

    private static ServerSocket bindOrNull(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return socket;
            } catch (IOException taken) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket", e);
        }
    }

    /** The first port of Linux's ephemeral range, or the IANA default where that is not readable. */
    static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: procfs reports a size of 0 and readString then returns a cut value.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 49152;
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
        ports.put("console", 8085);
        return Collections.unmodifiableMap(ports);
    }
}
