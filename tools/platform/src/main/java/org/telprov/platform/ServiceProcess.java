package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One telprov service, run from its Quarkus fast-jar and pointed at the platform's PostgreSQL, Kafka and Keycloak. */
final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** The console's client secret in the local realm (deploy/local/keycloak/telprov-realm.json): local use only. */
    static final String CONSOLE_CLIENT_SECRET = "console-local-secret";

    private final String service;
    private final String name;
    private final ManagedProcess process;
    private final int port;

    private ServiceProcess(String service, String name, ManagedProcess process, int port) {
        this.service = service;
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Where the Quarkus build puts the runnable jar of a service. */
    static Path jar(Path repoRoot, String name) {
        return repoRoot.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Fails before anything is started when a service has not been built. */
    static void requireBuilt(Path repoRoot, String name) {
        Path jar = jar(repoRoot, name);
        if (!Files.isRegularFile(jar)) {
            throw new PlatformException("service '" + name + "' is not built (" + jar + " is missing):"
                    + " run ./mvnw -DskipTests package in " + repoRoot);
        }
    }

    /** The connection settings every service reads, named as Quarkus maps environment variables to its config. */
    record Connections(String jdbcUrl, String jdbcUser, String jdbcPassword, String kafkaBootstrapServers,
                       String issuerUrl, String linksSecret, String secretsKey, String provisioningUrl,
                       String firmwareUrl, String inventoryUrl, String redirectUrl) {

        Map<String, String> environment() {
            return Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                    "QUARKUS_DATASOURCE_USERNAME", jdbcUser,
                    "QUARKUS_DATASOURCE_PASSWORD", jdbcPassword,
                    "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers,
                    "QUARKUS_OIDC_AUTH_SERVER_URL", issuerUrl,
                    // signs and checks device download links; the services that use it have no production default
                    "TELPROV_LINKS_SECRET", linksSecret,
                    // seals the provisioning service's secret parameters (AES-256, base64 of 32 bytes)
                    "TELPROV_PROVISIONING_SECRETS_KEY", secretsKey,
                    // where phones reach the provisioning and firmware services: the URLs inside rendered files
                    "TELPROV_PROVISIONING_PUBLIC_BASE_URL", provisioningUrl,
                    "TELPROV_PROVISIONING_FIRMWARE_BASE_URL", firmwareUrl);
        }
    }

    /** Launches the service without waiting for it; see {@link #awaitReady(Duration)}. */
    static ServiceProcess launch(PlatformOptions options, String name, int port, Connections connections,
                                 Path workingDir, Path logFile) {
        return launch(options, name, name, port, connections, workingDir, logFile);
    }

    /** Launches a process of service {@code name} known as {@code processName} (a replica's, e.g. provisioning-2). */
    static ServiceProcess launch(PlatformOptions options, String name, String processName, int port,
                                 Connections connections, Path workingDir, Path logFile) {
        List<String> command = command(options, name);

        Map<String, String> environment = new HashMap<>(connections.environment());
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // the firmware service's blobs live with the rest of the platform's data (and go with --wipe), in the first
        // process's directory: every replica sees every blob, as the chart's pods share a ReadWriteMany volume
        environment.put("TELPROV_FIRMWARE_STORE_DIRECTORY",
                workingDir.resolveSibling(name).resolve("blobs").toString());
        if (name.equals("provisioning")) {
            // device files over TFTP on the process's HTTP port number, in UDP's port space: a port each replica has
            environment.put("TELPROV_PROVISIONING_TFTP_ENABLED", "true");
            environment.put("TELPROV_PROVISIONING_TFTP_PORT", String.valueOf(port));
        }
        if (name.equals("console")) {
            // the console calls the partner APIs with the logged-in person's token, and logs people in as its client
            environment.put("QUARKUS_REST_CLIENT_INVENTORY_URL", connections.inventoryUrl());
            environment.put("QUARKUS_REST_CLIENT_PROVISIONING_URL", connections.provisioningUrl());
            environment.put("QUARKUS_REST_CLIENT_FIRMWARE_URL", connections.firmwareUrl());
            environment.put("QUARKUS_OIDC_CREDENTIALS_SECRET", CONSOLE_CLIENT_SECRET);
            // the operator's platform health page reads every service's /q/health/ready and /q/metrics
            environment.put("TELPROV_CONSOLE_HEALTH_INVENTORY_URL", connections.inventoryUrl());
            environment.put("TELPROV_CONSOLE_HEALTH_REDIRECT_URL", connections.redirectUrl());
            environment.put("TELPROV_CONSOLE_HEALTH_PROVISIONING_URL", connections.provisioningUrl());
            environment.put("TELPROV_CONSOLE_HEALTH_FIRMWARE_URL", connections.firmwareUrl());
        }
        environment.putAll(options.serviceEnvironment());
        try {
            Files.createDirectories(workingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workingDir, e);
        }
        return new ServiceProcess(name, processName, ManagedProcess.start(processName, command, environment, workingDir,
                logFile), port);
    }

    /**
     * The java command line of a service. The redirect service holds every device in its heap and runs with the serial
     * collector, which keeps that footprint small (docs/performance.md), unless the options choose a collector.
     */
    static List<String> command(PlatformOptions options, String name) {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        boolean collectorChosen = options.serviceJvmOptions().stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"));
        if (name.equals("redirect") && !collectorChosen) {
            command.add("-XX:+UseSerialGC");
        }
        command.addAll(options.serviceJvmOptions());
        command.addAll(List.of("-jar", jar(options.repoRoot(), name).toString()));
        return command;
    }

    void kill() {
        process.kill();
    }

    /** The service this process runs, e.g. provisioning. */
    String service() {
        return service;
    }

    /** The process's own name: the service's for the first process, e.g. provisioning-2 for a replica. */
    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void awaitReady(Duration timeout) {
        String health = url() + "/q/health/ready";
        process.awaitReady(() -> HttpProbe.isOk(health), timeout);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    /** Stops the services together, which takes as long as the slowest one instead of the sum. */
    static void stopAll(Collection<ServiceProcess> services, Duration grace) {
        ManagedProcess.stopAll(services.stream().map(service -> service.process).toList(), grace);
    }
}
