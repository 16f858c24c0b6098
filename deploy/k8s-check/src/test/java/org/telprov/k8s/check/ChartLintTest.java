package org.telprov.k8s.check;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `helm lint --strict` on the chart with the least an install must add, and with the production values. helm lint
 * takes no values file here, so they become the copy's values.yaml; the defaults alone do not render.
 */
class ChartLintTest {

    @Test
    void theChartLintsStrictlyWithTheMinimalValues(@TempDir Path temp) throws IOException {
        assertLintsStrictly(temp, Charts.CHART.resolve(Charts.MINIMAL));
    }

    @Test
    void theChartLintsStrictlyWithTheProductionValues(@TempDir Path temp) throws IOException {
        assertLintsStrictly(temp, Charts.PRODUCTION);
    }

    @Test
    void theDefaultsAloneFailTheLintForWantOfTheRequiredValues() {
        LintResult result = Charts.chart().lintStrict();
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("publicUrls");
    }

    private static void assertLintsStrictly(Path temp, Path values) throws IOException {
        Path chart = Charts.copy(temp.resolve("telprov"));
        mergeIntoDefaults(chart, values);
        LintResult result = new HelmChart(chart).lintStrict();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    /** A client-only dry-run install (no cluster) renders NOTES.txt, which `helm template` skips. */
    @Test
    void theInstallNotesListTheRoutesAndWarnAboutWhatIsMissing() {
        String defaults = new Helm(Charts.CHART).install().withName("telprov").withNamespace("telprov")
                .withKubeVersion(HelmChart.DEFAULT_KUBE_VERSION).withValuesFile(Charts.CHART.resolve(Charts.MINIMAL))
                .clientOnly().dryRun().call().getOutput();
        assertThat(defaults).contains("/device -> redirect", "/api/v1/devices -> inventory", "neither Ingress has TLS",
                "NOTE: the signed-link secret (firmware, provisioning) was generated into Secret\ntelprov-links");
        String production = new Helm(Charts.CHART).install().withName("telprov").withNamespace("telprov")
                .withKubeVersion(HelmChart.DEFAULT_KUBE_VERSION).withValuesFile(Charts.PRODUCTION)
                .clientOnly().dryRun().call().getOutput();
        assertThat(production).contains("/device -> redirect").doesNotContain("WARNING", "NOTE:");
    }

    /** Makes the values file part of the chart copy's values.yaml, for `helm lint`, which takes no values file here. */
    static void mergeIntoDefaults(Path chart, Path values) throws IOException {
        Yaml yaml = new Yaml(dumperOptions());
        Map<String, Object> defaults = yaml.load(Files.readString(chart.resolve("values.yaml")));
        Map<String, Object> given = yaml.load(Files.readString(values));
        Files.writeString(chart.resolve("values.yaml"), yaml.dump(merge(defaults, given)));
    }

    /** Helm's coalescing: maps merge key by key, anything else (lists too) replaces, null removes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static DumperOptions dumperOptions() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return options;
    }
}
