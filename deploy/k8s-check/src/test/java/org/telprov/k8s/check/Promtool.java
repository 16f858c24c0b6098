package org.telprov.k8s.check;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prometheus' own rule checker ({@code promtool check rules}, Debian package prometheus), which parses every PromQL
 * expression and every annotation template as Prometheus will. CI installs it (.ci/run) and fails without it;
 * elsewhere a test that needs it is skipped with a message saying how to install it.
 */
final class Promtool {

    private Promtool() {
    }

    /** The result of {@code promtool check rules} on a rules file: whether it passed and what promtool said. */
    record Result(boolean passed, String output) {
    }

    static Result checkRules(String rulesYaml) {
        Path promtool = find();
        try {
            Path file = Files.createTempFile("telprov-rules", ".yaml");
            try {
                Files.writeString(file, rulesYaml);
                Process process = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Result(process.waitFor() == 0, output);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path find() {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> java.util.Arrays.stream(path.split(File.pathSeparator)))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = "promtool is not installed: apt-get install prometheus (Debian), or a Prometheus release's promtool on the PATH";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; .ci/run installs it");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
