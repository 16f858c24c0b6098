package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local telprov platform without Docker: PostgreSQL, Kafka, Keycloak and the chosen services on 127.0.0.1.
 * Used by the {@code ./platform} script and by end-to-end tests; {@link #close()} leaves no process behind.
 */
public final class Platform implements AutoCloseable {

    /** What the platform keeps in its data directory, one subdirectory per component. */
    private static final String POSTGRES = "postgres";
    private static final String KAFKA = "kafka";
    private static final String KEYCLOAK = "keycloak";
    private static final String SERVICES = "services";
    private static final String LOGS = "logs";

    private final PlatformOptions options;
    private final Instant startedAt = Instant.now();
    /** Closes the platform when the JVM is asked to exit (Ctrl-C, SIGTERM), even half-way through starting. */
    private final Thread shutdownHook = new Thread(this::close, "platform-shutdown");

    private EmbeddedPostgresComponent postgres;
    private KafkaProcess kafka;
    private KeycloakProcess keycloak;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Extra processes of started services ({@link #startReplica(String)}), stopped with the services. */
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private ServiceProcess.Connections connections;
    private boolean closed;

    private Platform(PlatformOptions options) {
        this.options = options;
    }

    /** Starts everything and returns once every component is ready; on failure nothing is left running. */
    public static Platform start(PlatformOptions options) {
        Platform platform = new Platform(options);
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.startComponents();
            return platform;
        } catch (RuntimeException e) {
            boolean interrupted = platform.isClosed();
            platform.close();
            // Startup failures caused by the JVM shutting down (Ctrl-C) are not worth a stack of log lines.
            throw interrupted ? new PlatformException("platform stopped while starting", e) : e;
        }
    }

    /** The base URL of a started service, e.g. {@code http://127.0.0.1:8084} for inventory. */
    public String serviceUrl(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("service '" + name + "' was not started; started: " + services.keySet());
        }
        return service.url();
    }

    public List<String> services() {
        return List.copyOf(services.keySet());
    }

    /**
     * The base URLs of every running process of a started service: its first, then its replicas in start order
     * ({@code --replicas}, {@link #startReplica(String)}); a killed one stays listed.
     */
    public synchronized List<String> serviceUrls(String name) {
        String first = serviceUrl(name);
        List<String> urls = new ArrayList<>(List.of(first));
        replicas.stream().filter(replica -> replica.service().equals(name)).map(ServiceProcess::url).forEach(urls::add);
        return urls;
    }

    /** The names and base URLs of a started service's processes, as {@link #serviceUrls(String)} orders them. */
    synchronized Map<String, String> serviceProcesses(String name) {
        Map<String, String> processes = new LinkedHashMap<>();
        processes.put(name, serviceUrl(name));
        replicas.stream().filter(replica -> replica.service().equals(name))
                .forEach(replica -> processes.put(replica.name(), replica.url()));
        return processes;
    }

    /**
     * Starts one more process of a started service on a free port, against the same database, Kafka and Keycloak and
     * with the same secrets and options, waits until it is ready and returns its base URL. For tests of what
     * replicas must agree on; it is stopped with the platform.
     */
    public String startReplica(String name) {
        if (!services.containsKey(name)) {
            throw new IllegalArgumentException("service '" + name + "' was not started; started: " + services.keySet());
        }
        String replicaName;
        synchronized (this) {
            if (closed) {
                throw new PlatformException("platform is closed");
            }
            replicaName = name + "-" + (replicas.stream().filter(r -> r.service().equals(name)).count() + 2);
        }
        Path dataDir = options.dataDir();
        ServiceProcess replica = ServiceProcess.launch(options, name, replicaName, PlatformPorts.freePort(),
                connections, dataDir.resolve(SERVICES).resolve(replicaName), dataDir.resolve(LOGS)
                        .resolve(replicaName + ".log"));
        track(replica, () -> replicas.add(replica));
        replica.awaitReady(options.serviceReadyTimeout());
        progress(replicaName + " ready at " + replica.url());
        return replica.url();
    }

    /**
     * Kills the process of a service or replica at this base URL with SIGKILL, as a crash of its machine would end
     * it: for tests of what survives one. The other processes go on; the platform's close still ends them all.
     */
    public void kill(String url) {
        ServiceProcess process;
        synchronized (this) {
            process = Stream.concat(services.values().stream(), replicas.stream())
                    .filter(service -> service.url().equals(url))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service process at " + url));
        }
        process.kill();
        progress(process.name() + " killed");
    }

    /**
     * Stops the Kafka broker as a node's shutdown would (SIGTERM), keeping its data, for tests of what a Kafka outage
     * must not cost: clients find no broker at {@link #kafkaBootstrapServers()} until {@link #startKafka()}.
     */
    public void stopKafka() {
        KafkaProcess broker;
        synchronized (this) {
            if (closed) {
                throw new PlatformException("platform is closed");
            }
            broker = kafka;
        }
        broker.close();
        progress("kafka stopped");
    }

    /**
     * Starts the Kafka broker again after {@link #stopKafka()}, on the same port and with the same data (topics,
     * committed offsets), and returns once it answers.
     */
    public void startKafka() {
        KafkaProcess broker;
        synchronized (this) {
            broker = kafka;
        }
        KafkaProcess started = broker.launchAgain();
        track(started, () -> kafka = started);
        started.awaitReady();
        progress("kafka ready again at " + started.bootstrapServers());
    }

    public String keycloakUrl() {
        return keycloak.url();
    }

    /** The OIDC issuer of the telprov realm, as it appears in the tokens' {@code iss} claim. */
    public String issuerUrl() {
        return keycloak.issuerUrl();
    }

    /** The realm's token endpoint, for client-credentials grants. */
    public String tokenUrl() {
        return issuerUrl() + "/protocol/openid-connect/token";
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String jdbcUsername() {
        return EmbeddedPostgresComponent.USER;
    }

    public String jdbcPassword() {
        return EmbeddedPostgresComponent.PASSWORD;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    /**
     * Deletes everything the platform keeps in the data directory (databases, topics, Keycloak's realm, logs), and
     * only that: a mistyped --data-dir must not cost anything else.
     */
    static void wipe(Path dataDir) {
        try {
            for (String component : List.of(POSTGRES, KAFKA, KEYCLOAK, SERVICES, LOGS)) {
                Directories.deleteRecursively(dataDir.resolve(component));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dataDir, e);
        }
    }

    /**
     * Stops the services, then Keycloak (unless it was {@linkplain PlatformOptions.Builder#keycloak given}), Kafka and
     * PostgreSQL, including every child process.
     */
    @Override
    public void close() {
        List<ServiceProcess> runningServices;
        List<AutoCloseable> infrastructure;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            runningServices = new ArrayList<>(replicas);
            runningServices.addAll(services.values());
            infrastructure = Stream.of(options.keycloak() == null ? keycloak : null, kafka, postgres)
                    .filter(Objects::nonNull).toList();
        }
        removeShutdownHook();
        if (runningServices.isEmpty() && infrastructure.isEmpty()) {
            return;
        }
        progress("stopping");
        ServiceProcess.stopAll(runningServices, options.serviceStopGrace());
        // Keycloak, Kafka and PostgreSQL depend on none of each other once the services are gone: stopped together.
        infrastructure.stream()
                .map(component -> CompletableFuture.runAsync(() -> closeQuietly(component)))
                .toList()
                .forEach(CompletableFuture::join);
        progress("stopped");
    }

    private void startComponents() {
        PlatformPorts ports = options.ports();
        options.services().forEach(name -> ServiceProcess.requireBuilt(options.repoRoot(), name));
        requirePortsFree(ports);
        Path dataDir = options.dataDir();
        if (options.wipeData()) {
            progress("wiping the platform's data in " + dataDir);
            wipe(dataDir);
        }
        Path logs = dataDir.resolve(LOGS);
        progress("data in " + dataDir + ", logs in " + logs);

        // Kafka and Keycloak boot while PostgreSQL starts; Keycloak's first start alone takes about a minute.
        KafkaProcess startedKafka = KafkaProcess.launch(dataDir.resolve(KAFKA), logs.resolve("kafka.log"),
                ports.kafka(), ports.kafkaController());
        track(startedKafka, () -> kafka = startedKafka);
        if (options.keycloak() != null) {
            keycloak = options.keycloak().process();
        } else {
            Path keycloakHome = KeycloakDistribution.install(options.repoRoot().resolve(".platform/tools"));
            KeycloakProcess startedKeycloak = KeycloakProcess.launch(keycloakHome,
                    options.repoRoot().resolve(PlatformOptions.REALM_FILE), dataDir.resolve(KEYCLOAK),
                    options.freshKeycloak(), logs.resolve("keycloak.log"), ports.keycloak());
            track(startedKeycloak, () -> keycloak = startedKeycloak);
        }
        EmbeddedPostgresComponent startedPostgres = EmbeddedPostgresComponent.start(dataDir.resolve(POSTGRES),
                logs.resolve("postgres.log"), ports.postgres());
        track(startedPostgres, () -> postgres = startedPostgres);
        progress("postgres ready at " + postgres.jdbcUrl());
        kafka.awaitReady();
        progress("kafka ready at " + kafka.bootstrapServers());
        keycloak.awaitReady();
        progress("keycloak ready at " + keycloak.url());

        connections = new ServiceProcess.Connections(postgres.jdbcUrl(), jdbcUsername(),
                jdbcPassword(), kafka.bootstrapServers(), keycloak.issuerUrl(), localSecret(dataDir, "links.secret"),
                localSecret(dataDir, "provisioning-secrets.key"), "http://127.0.0.1:" + ports.service("provisioning"),
                "http://127.0.0.1:" + ports.service("firmware"), "http://127.0.0.1:" + ports.service("inventory"),
                "http://127.0.0.1:" + ports.service("redirect"));
        for (String name : options.services()) {
            // Relative paths in a service's configuration then land in the data directory, and a wipe clears them.
            ServiceProcess service = ServiceProcess.launch(options, name, ports.service(name), connections,
                    dataDir.resolve(SERVICES).resolve(name), logs.resolve(name + ".log"));
            track(service, () -> services.put(name, service));
            for (int replica = 2; replica <= options.replicas(); replica++) {
                String replicaName = name + "-" + replica;
                ServiceProcess process = ServiceProcess.launch(options, name, replicaName,
                        ports.service(name, replica), connections, dataDir.resolve(SERVICES).resolve(replicaName),
                        logs.resolve(replicaName + ".log"));
                track(process, () -> replicas.add(process));
            }
        }
        // All services boot at once; waiting for them one after the other then costs only the slowest one's time.
        Instant deadline = Instant.now().plus(options.serviceReadyTimeout());
        List<ServiceProcess> starting = new ArrayList<>(services.values());
        starting.addAll(replicas);
        for (ServiceProcess service : starting) {
            service.awaitReady(Duration.between(Instant.now(), deadline));
            progress(service.name() + " ready at " + service.url());
        }
    }

    /**
     * 32 random bytes, base64, made once per data directory and kept, so signed links stay valid and sealed secrets
     * stay readable across restarts.
     */
    private static String localSecret(Path dataDir, String name) {
        Path file = dataDir.resolve(name);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(dataDir);
                Files.writeString(file, Base64.getEncoder().encodeToString(random));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secret in " + file, e);
        }
    }

    private void requirePortsFree(PlatformPorts ports) {
        PlatformPorts.requireFree("postgres", ports.postgres());
        PlatformPorts.requireFree("kafka", ports.kafka());
        PlatformPorts.requireFree("kafka controller", ports.kafkaController());
        if (options.keycloak() == null) {
            PlatformPorts.requireFree("keycloak", ports.keycloak());
        }
        for (String name : options.services()) {
            for (int replica = 1; replica <= options.replicas(); replica++) {
                PlatformPorts.requireFree(replica == 1 ? name : name + "-" + replica, ports.service(name, replica));
            }
        }
    }

    /**
     * Records a component that is now running. If close() ran meanwhile (Ctrl-C during startup) it could not see
     * the component, so it is stopped here and startup ends.
     */
    private void track(AutoCloseable component, Runnable record) {
        synchronized (this) {
            if (!closed) {
                record.run();
                return;
            }
        }
        closeQuietly(component);
        throw new PlatformException("platform stopped while starting");
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // close() is running in the hook itself: nothing to remove.
        }
    }

    private void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            progress("could not stop " + component.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void progress(String message) {
        Consumer<String> progress = options.progress();
        long millis = Duration.between(startedAt, Instant.now()).toMillis();
        progress.accept(String.format("[%5.1f s] %s", millis / 1000.0, message));
    }
}
