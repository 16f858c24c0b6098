package org.telprov.k8s.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The chart under deploy/k8s, its values files, and renders of it shared by the tests of one run. */
final class Charts {

    static final Path CHART = Path.of(System.getProperty("telprov.chart.dir", "../k8s")).toAbsolutePath().normalize();
    static final Path REPO = Path.of(System.getProperty("telprov.repo.dir", "../..")).toAbsolutePath().normalize();
    static final Path PRODUCTION = CHART.resolve("values-production.yaml");
    /** The least an install must add to values.yaml (which alone does not render): the chart's defaults in tests. */
    static final String MINIMAL = "ci/minimal-values.yaml";
    /** The newest Kubernetes the API models describe. */
    static final String NEWEST_KUBE_VERSION = "1.35.0";

    private static final Map<String, List<Manifest>> RENDERS = new ConcurrentHashMap<>();

    static {
        // Every render evaluates the chart's lookups against it (see FakeCluster).
        FakeCluster.start();
    }

    private Charts() {
    }

    static HelmChart chart() {
        return new HelmChart(CHART);
    }

    /** Every values file CI renders on top of values.yaml: production and ci/*.yaml (the minimal one among them). */
    static List<String> valueSets() {
        try (Stream<Path> ci = Files.list(CHART.resolve("ci"))) {
            return Stream.concat(Stream.of("values-production.yaml"),
                    ci.filter(p -> p.toString().endsWith(".yaml")).map(p -> "ci/" + p.getFileName()).sorted()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HelmChart.Render render(String valueSet) {
        return chart().render().values(CHART.resolve(valueSet));
    }

    /** A render of the defaults with what every install must give, to add --set values to. */
    static HelmChart.Render minimal() {
        return render(MINIMAL);
    }

    /** The same for a copy of the chart. */
    static HelmChart.Render minimal(Path chart) {
        return new HelmChart(chart).render().values(chart.resolve(MINIMAL));
    }

    /** The manifests of a value set at the chart's oldest supported Kubernetes, rendered once per run. */
    static List<Manifest> manifests(String valueSet) {
        return RENDERS.computeIfAbsent(valueSet, v -> render(v).manifests());
    }

    static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    static Manifest named(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    /** A copy of the chart in a temporary directory, to break on purpose. */
    static Path copy(Path target) {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text in a file of a chart copy, failing if the text is not there (the test would prove nothing). */
    static void edit(Path chart, String file, String text, String replacement) {
        try {
            Path path = chart.resolve(file);
            String content = Files.readString(path);
            if (!content.contains(text)) {
                throw new AssertionError(file + " does not contain " + text);
            }
            Files.writeString(path, content.replace(text, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
