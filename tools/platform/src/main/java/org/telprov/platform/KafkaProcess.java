package org.telprov.platform;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A single-node Apache Kafka broker in KRaft mode, run as a separate JVM on this JVM's classpath. */
final class KafkaProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ManagedProcess process;
    private final Path kafkaDir;
    private final Path logFile;
    private final int port;
    private final int controllerPort;

    private KafkaProcess(ManagedProcess process, Path kafkaDir, Path logFile, int port, int controllerPort) {
        this.process = process;
        this.kafkaDir = kafkaDir;
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Launches the broker without waiting for it; see {@link #awaitReady()}. */
    static KafkaProcess launch(Path kafkaDir, Path logFile, int port, int controllerPort) {
        Path logDirs = kafkaDir.resolve("logs");
        Path config = kafkaDir.resolve("server.properties");
        try {
            Files.createDirectories(logDirs);
            Files.createDirectories(logFile.getParent());
            Files.writeString(config, serverProperties(logDirs, port, controllerPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        // KRaft refuses to start on unformatted storage; formatting is once per data directory.
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            format(config, logFile);
        }
        return new KafkaProcess(
                ManagedProcess.start("kafka", javaCommand("kafka.Kafka", config.toString()), Map.of(), kafkaDir, logFile),
                kafkaDir, logFile, port, controllerPort);
    }

    /**
     * Launches the broker again once this one has stopped, on the same ports and data directory, so its topics, offsets
     * and consumer groups are what they were; see {@link #awaitReady()}.
     */
    KafkaProcess launchAgain() {
        return launch(kafkaDir, logFile, port, controllerPort);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Waits for the listener first, so the admin client does not log connection warnings while the broker boots,
     * then for the broker to answer a metadata request.
     */
    void awaitReady() {
        process.awaitReady(this::acceptsConnections, READY_TIMEOUT);
        process.awaitReady(this::answersMetadata, READY_TIMEOUT);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersMetadata() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            if (notYet instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /**
     * Formats the storage in this JVM, which has Kafka on its classpath (the broker runs from it): a JVM of its own
     * for that put one more JVM start before every fresh broker's boot.
     */
    private static void format(Path config, Path logFile) {
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            StorageTool.execute(new String[]{"format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString()}, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        } catch (RuntimeException e) {
            throw new PlatformException("cannot format Kafka's storage (see " + logFile + "): " + e.getMessage(), e);
        }
    }

    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ManagedProcess.javaExecutable(),
                "-Xms64m", "-Xmx512m",
                // The broker logs through slf4j-simple, which writes to stderr and so into kafka.log.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String serverProperties(Path logDirs, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                "auto.create.topics.enable=true",
                "num.partitions=1",
                // One broker: internal topics cannot be replicated, and few partitions make the first group join fast.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }
}
