package org.telprov.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process handling every platform component relies on: readiness, failure reports, stopping whole trees. */
class ManagedProcessTest {

    @TempDir
    Path dir;

    @Test
    void stoppingAProcessAlsoStopsItsChildren() {
        ManagedProcess parent = start("sleep 300 & sleep 300 & wait");
        parent.awaitReady(() -> ProcessHandle.current().descendants().count() >= 3, Duration.ofSeconds(10));
        List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();

        parent.stop(Duration.ofSeconds(5));

        assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "still alive: " + tree);
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGracePeriod() {
        ManagedProcess stubborn = start("trap '' TERM; echo trapped; while true; do sleep 1; done");
        stubborn.awaitReady(() -> logContains("trapped"), Duration.ofSeconds(10));
        List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();

        stubborn.stop(Duration.ofMillis(500));

        assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "still alive: " + tree);
    }

    @Test
    void waitingForAProcessThatDiesFailsAtOnceWithTheEndOfItsLog() {
        ManagedProcess dying = start("echo 'cannot bind port 8084'; exit 3");

        long started = System.nanoTime();
        PlatformException failure = assertThrows(PlatformException.class,
                () -> dying.awaitReady(() -> false, Duration.ofMinutes(1)));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("cannot bind port 8084"), failure.getMessage());
    }

    @Test
    void theFailureNamesTheErrorLinesBeforeATailThatNoLongerHoldsThem() {
        String error = "{\"level\":\"ERROR\",\"message\":\"Failed to start application\"}";
        ManagedProcess dying = start("echo '" + error + "'; echo '2026-12-06 18:10:21,000 ERROR [io.quarkus] boom';"
                + " for i in $(seq 1 100); do echo '{\"level\":\"INFO\",\"message\":\"shutting down\"}'; done; exit 1");

        String message = assertThrows(PlatformException.class,
                () -> dying.awaitReady(() -> false, Duration.ofMinutes(1))).getMessage();

        int tail = message.indexOf("last lines of");
        assertTrue(message.indexOf("Failed to start application") < tail, message);
        assertTrue(message.indexOf("ERROR [io.quarkus] boom") < tail, message);
        assertFalse(message.substring(0, tail).contains("shutting down"), message);
    }

    @Test
    void aOneShotCommandThatFailsReportsItsExitCode() {
        PlatformException failure = assertThrows(PlatformException.class,
                () -> start("echo 'bad config'; exit 1").awaitSuccess(Duration.ofSeconds(10)));

        assertTrue(failure.getMessage().contains("failed with exit code 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("bad config"), failure.getMessage());
    }

    @Test
    void theProcessGetsTheEnvironmentAndWritesToTheLogFile() {
        start("echo \"port=$QUARKUS_HTTP_PORT\"").awaitSuccess(Duration.ofSeconds(10));

        assertTrue(logContains("port=8084"));
    }

    private ManagedProcess start(String script) {
        return ManagedProcess.start("test", List.of("sh", "-c", script), Map.of("QUARKUS_HTTP_PORT", "8084"), dir,
                dir.resolve("logs/test.log"));
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(dir.resolve("logs/test.log")).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
