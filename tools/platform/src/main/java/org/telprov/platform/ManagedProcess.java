package org.telprov.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A child process of the platform with its log file: readiness waiting, failure reports and tree-wide stopping. */
final class ManagedProcess {

    private static final int LOG_TAIL_LINES = 40;
    private static final int ERROR_LINES = 5;
    private static final int ERROR_LINE_CHARS = 4_000;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts the command with stdout and stderr appended to the log file, so earlier runs stay readable above. */
    static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            return new ManagedProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new PlatformException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    /** The java launcher of the running JVM, so that every child runs on the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Polls the check until it passes; fails as soon as the process dies rather than waiting out the timeout,
     * and in both cases shows the end of the log, which is where the reason is.
     */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " before it was ready");
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure(name + " was not ready after " + timeout.toSeconds() + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** For one-shot commands: waits for the exit and fails unless it is 0. */
    void awaitSuccess(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ZERO);
                throw failure(name + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting for " + name, e);
        }
        if (process.exitValue() != 0) {
            throw failure(name + " failed with exit code " + process.exitValue());
        }
    }

    /**
     * An exception whose message names the log's error lines first and then its last lines. The error lines lead
     * because a build log that shortens a long message keeps its beginning; the tail alone is often the shutdown
     * after the error rather than the error.
     */
    PlatformException failure(String reason) {
        List<String> lines = logLines();
        List<String> errors = errorLines(lines);
        String errorPart = errors.isEmpty() ? "" : "; errors in " + logFile + ":\n" + String.join("\n", errors);
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return new PlatformException(reason + errorPart + "\nlast lines of " + logFile + ":\n" + String.join("\n", tail));
    }

    /** The last few lines logged at ERROR or FATAL (JSON or text format), each cut to a readable length. */
    static List<String> errorLines(List<String> lines) {
        List<String> errors = lines.stream()
                .filter(line -> line.contains("\"level\":\"ERROR\"") || line.contains("\"level\":\"FATAL\"")
                        || line.matches("^\\S+ \\S+ (ERROR|FATAL) .*"))
                .map(line -> line.length() <= ERROR_LINE_CHARS ? line : line.substring(0, ERROR_LINE_CHARS) + " [...]")
                .toList();
        return errors.subList(Math.max(0, errors.size() - ERROR_LINES), errors.size());
    }

    void stop(Duration grace) {
        stopAll(List.of(this), grace);
    }

    /** Ends the process and its descendants with SIGKILL, as a crash would (no shutdown hook runs); waits for them. */
    void kill() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(handle -> handle.onExit().join());
    }

    /**
     * Sends SIGTERM to every process and all of its descendants (kc.sh, for one, runs Keycloak as a child java
     * process), waits up to the grace period, then kills whatever is left. Descendants are collected before
     * signalling because once a parent exits its children are re-parented and no longer found through it.
     */
    static void stopAll(Collection<ManagedProcess> processes, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        for (ManagedProcess managed : processes) {
            ProcessHandle root = managed.process.toHandle();
            root.descendants().forEach(tree::add);
            tree.add(root);
        }
        terminate(tree, grace);
    }

    /** SIGTERM, wait, SIGKILL: the shared way every platform process (and the CLI's `down`) is ended. */
    static void terminate(List<ProcessHandle> handles, Duration grace) {
        handles.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle handle : handles) {
            long remainingMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(remainingMillis, TimeUnit.MILLISECONDS);
            } catch (Exception notExitedInTime) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : handles) {
            handle.onExit().join();
        }
    }

    private List<String> logLines() {
        try {
            // Lenient decoding: a line cut through a multi-byte character must not hide the log.
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(log not readable: " + e.getMessage() + ")");
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting", e);
        }
    }
}
