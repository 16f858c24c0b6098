package org.telprov.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Command line of the {@code ./platform} script: {@code up}, {@code down} and {@code status}. */
public final class PlatformMain {

    private static final String USAGE = """
            usage: platform up [--wipe] [--data-dir DIR] [--services a,b,...] [--replicas N] [--no-build]
                   platform down [--data-dir DIR]
                   platform status [--data-dir DIR]
            """;
    private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;

    private PlatformMain(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static void main(String[] args) {
        // Before any logger exists: zonky and the Kafka admin client would otherwise fill the console at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Deque<String> arguments = new ArrayDeque<>(Arrays.asList(args));
        String command = arguments.isEmpty() ? "" : arguments.pop();
        Path repoRoot = null;
        Path dataDir = null;
        boolean wipe = false;
        List<String> services = null;
        int replicas = 1;
        while (!arguments.isEmpty()) {
            String option = arguments.pop();
            switch (option) {
                case "--repo-root" -> repoRoot = Path.of(value(option, arguments));
                case "--data-dir" -> dataDir = Path.of(value(option, arguments));
                case "--services" -> services = Arrays.stream(value(option, arguments).split(","))
                        .map(String::strip).filter(name -> !name.isEmpty()).toList();
                case "--replicas" -> replicas = replicas(value(option, arguments));
                case "--wipe" -> wipe = true;
                default -> exit(USAGE + "unknown option " + option);
            }
        }
        PlatformOptions.Builder builder = PlatformOptions.builder().repoRoot(repoRoot).dataDir(dataDir).wipeData(wipe)
                .replicas(replicas).progress(System.out::println);
        if (services != null) {
            builder.services(services);
        }
        PlatformOptions options;
        try {
            options = builder.build();
        } catch (RuntimeException e) {
            exit(e.getMessage());
            return;
        }
        PlatformMain main = new PlatformMain(options.dataDir());
        try {
            switch (command) {
                case "up" -> main.up(options);
                case "down" -> main.down();
                case "status" -> main.status();
                default -> exit(USAGE);
            }
        } catch (PlatformException e) {
            exit(e.getMessage());
        }
    }

    private void up(PlatformOptions options) {
        runningLauncher().ifPresent(launcher -> {
            throw new PlatformException("the platform is already running (pid " + launcher.pid() + "); ./platform down first");
        });
        try {
            Files.createDirectories(dataDir);
            Files.writeString(pidFile(), String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Deleted after the shutdown hooks have run, i.e. after the platform is down.
        pidFile().toFile().deleteOnExit();

        Platform platform = Platform.start(options);
        System.out.println(new PlatformSummary(platform).render());
        awaitShutdown();
    }

    private void down() {
        Optional<ProcessHandle> launcher = runningLauncher();
        if (launcher.isEmpty()) {
            System.out.println("the platform is not running");
            return;
        }
        ProcessHandle handle = launcher.get();
        List<ProcessHandle> children = handle.descendants().toList();
        System.out.println("stopping the platform (pid " + handle.pid() + ")");
        // SIGTERM to the launcher only: its shutdown hook stops the components in order.
        handle.destroy();
        try {
            handle.onExit().get(DOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notStoppedInTime) {
            System.out.println("the launcher did not stop within " + DOWN_TIMEOUT.toSeconds() + " s; killing it");
        }
        List<ProcessHandle> leftovers = new ArrayList<>(children.stream().filter(ProcessHandle::isAlive).toList());
        leftovers.add(handle);
        ManagedProcess.terminate(leftovers, Duration.ofSeconds(10));
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("the platform is stopped");
    }

    private void status() {
        runningLauncher().ifPresentOrElse(
                launcher -> System.out.println("the platform is running (pid " + launcher.pid() + "), logs in "
                        + dataDir.resolve("logs")),
                () -> System.out.println("the platform is not running"));
    }

    /** The launcher recorded in the pid file, if that process still exists and still is a launcher. */
    private Optional<ProcessHandle> runningLauncher() {
        Path pidFile = pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            // A stale file can name a pid the system has since given to an unrelated process.
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine()
                            .map(line -> line.contains(PlatformMain.class.getName()))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile() {
        return dataDir.resolve("platform.pid");
    }

    private static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String option, Deque<String> arguments) {
        if (arguments.isEmpty()) {
            exit(USAGE + option + " needs a value");
        }
        return arguments.pop();
    }

    private static int replicas(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            exit(USAGE + "--replicas needs a number from 1 to " + PlatformPorts.MAX_REPLICAS + ", not '" + value + "'");
            return 1;
        }
    }

    private static void exit(String message) {
        System.err.println(message.strip());
        System.exit(2);
    }
}
