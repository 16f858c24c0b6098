package org.telprov.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** What {@link Platform#start} brings up, where it keeps its data and on which ports. */
public final class PlatformOptions {

    /** The file that marks the repository root when none is given. */
    static final String REALM_FILE = "deploy/local/keycloak/telprov-realm.json";

    private final Path repoRoot;
    private final Path dataDir;
    private final boolean wipeData;
    private final boolean freshKeycloak;
    private final List<String> services;
    private final int replicas;
    private final PlatformPorts ports;
    private final List<String> serviceJvmOptions;
    private final Map<String, String> serviceEnvironment;
    private final Duration serviceReadyTimeout;
    private final Duration serviceStopGrace;
    private final SharedKeycloak keycloak;
    private final Consumer<String> progress;

    private PlatformOptions(Builder builder) {
        this.repoRoot = builder.repoRoot != null ? builder.repoRoot.toAbsolutePath().normalize() : findRepoRoot();
        this.dataDir = builder.dataDir != null
                ? builder.dataDir.toAbsolutePath().normalize()
                : repoRoot.resolve(".platform/data");
        this.wipeData = builder.wipeData;
        this.freshKeycloak = builder.freshKeycloak;
        this.services = List.copyOf(builder.services);
        if (builder.replicas < 1 || builder.replicas > PlatformPorts.MAX_REPLICAS) {
            throw new IllegalArgumentException("--replicas must be between 1 and " + PlatformPorts.MAX_REPLICAS
                    + " (each replica is a JVM of its own on this machine), not " + builder.replicas);
        }
        this.replicas = builder.replicas;
        this.ports = builder.ports;
        this.serviceJvmOptions = List.copyOf(builder.serviceJvmOptions);
        this.serviceEnvironment = Map.copyOf(builder.serviceEnvironment);
        this.serviceReadyTimeout = builder.serviceReadyTimeout;
        this.serviceStopGrace = builder.serviceStopGrace;
        this.keycloak = builder.keycloak;
        this.progress = builder.progress;
        services.forEach(ports::service);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean wipeData() {
        return wipeData;
    }

    public boolean freshKeycloak() {
        return freshKeycloak;
    }

    public List<String> services() {
        return services;
    }

    /** How many processes of each service start, each on its own port ({@link PlatformPorts#service(String, int)}). */
    public int replicas() {
        return replicas;
    }

    public PlatformPorts ports() {
        return ports;
    }

    public List<String> serviceJvmOptions() {
        return serviceJvmOptions;
    }

    public Map<String, String> serviceEnvironment() {
        return serviceEnvironment;
    }

    public Duration serviceReadyTimeout() {
        return serviceReadyTimeout;
    }

    public Duration serviceStopGrace() {
        return serviceStopGrace;
    }

    /** The Keycloak started beforehand that the platform uses and leaves running, or null: it starts its own. */
    SharedKeycloak keycloak() {
        return keycloak;
    }

    Consumer<String> progress() {
        return progress;
    }

    /** Walks up from the working directory (a module directory under Maven) to the directory holding the realm. */
    private static Path findRepoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(REALM_FILE))) {
                return dir;
            }
        }
        throw new PlatformException("cannot find the repository root (a directory with " + REALM_FILE
                + ") above " + Path.of("").toAbsolutePath() + "; set it with repoRoot(...)");
    }

    /** Defaults: all four services on their documented ports, data in {@code <repoRoot>/.platform/data}. */
    public static final class Builder {

        private Path repoRoot;
        private Path dataDir;
        private boolean wipeData;
        private boolean freshKeycloak;
        private List<String> services = new ArrayList<>(PlatformPorts.DEFAULT_SERVICE_PORTS.keySet());
        private int replicas = 1;
        private PlatformPorts ports = PlatformPorts.defaults();
        private List<String> serviceJvmOptions = List.of("-Xmx256m");
        private Map<String, String> serviceEnvironment = Map.of();
        private Duration serviceReadyTimeout = Duration.ofSeconds(120);
        private Duration serviceStopGrace = Duration.ofSeconds(30);
        private SharedKeycloak keycloak;
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /** The checkout holding {@code services/} and {@code deploy/}; by default found above the working directory. */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Where PostgreSQL, Kafka, Keycloak's database and the logs live; kept between runs. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Start from nothing: delete the platform's databases, topics, Keycloak database and logs in the data
         * directory first (other files there are left alone).
         */
        public Builder wipeData(boolean wipeData) {
            this.wipeData = wipeData;
            return this;
        }

        /** Drop Keycloak's database before starting so the realm is imported again from the JSON file. */
        public Builder freshKeycloak(boolean freshKeycloak) {
            this.freshKeycloak = freshKeycloak;
            return this;
        }

        /** The services to start (any of inventory, redirect, provisioning, firmware, console); none starts only the infrastructure. */
        public Builder services(List<String> services) {
            this.services = new ArrayList<>(services);
            return this;
        }

        /**
         * Processes of each service, 1 (the default) to {@link PlatformPorts#MAX_REPLICAS}: all on the same database,
         * Kafka and Keycloak with the same secrets, as the pods of one Deployment are.
         */
        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder ports(PlatformPorts ports) {
            this.ports = Objects.requireNonNull(ports);
            return this;
        }

        /** JVM options for each service, {@code -Xmx256m} by default. */
        public Builder serviceJvmOptions(List<String> serviceJvmOptions) {
            this.serviceJvmOptions = serviceJvmOptions;
            return this;
        }

        /** Extra environment variables for every service, on top of the connection settings the platform passes. */
        public Builder serviceEnvironment(Map<String, String> serviceEnvironment) {
            this.serviceEnvironment = serviceEnvironment;
            return this;
        }

        /** How long a service may take to report ready, 120 s by default. */
        public Builder serviceReadyTimeout(Duration serviceReadyTimeout) {
            this.serviceReadyTimeout = Objects.requireNonNull(serviceReadyTimeout);
            return this;
        }

        /**
         * How long {@link Platform#close()} lets the services shut down by themselves (commit offsets, leave their
         * consumer groups, send what they hold) before killing them: 30 s by default. A test platform whose data is
         * wiped next time has nothing to keep and can stop in a second or two.
         */
        public Builder serviceStopGrace(Duration serviceStopGrace) {
            this.serviceStopGrace = Objects.requireNonNull(serviceStopGrace);
            return this;
        }

        /**
         * Use this running Keycloak instead of starting one (then {@link #freshKeycloak} has no effect); the
         * platform's close leaves it running for the next platform.
         */
        public Builder keycloak(SharedKeycloak keycloak) {
            this.keycloak = keycloak;
            return this;
        }

        /** Receives one line per step (component ready, stopping, ...); silent by default. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        public PlatformOptions build() {
            return new PlatformOptions(this);
        }
    }
}
