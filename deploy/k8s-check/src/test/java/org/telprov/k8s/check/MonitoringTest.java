package org.telprov.k8s.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.k8s.check.Charts.manifests;
import static org.telprov.k8s.check.Charts.ofKind;

/**
 * The chart's Grafana dashboards and PrometheusRule: rendered where they are switched on, complete enough for Grafana
 * and Alertmanager, their PromQL as Prometheus parses it (promtool), every metric one the services export
 * (monitored-metrics.txt, which each service's basics test checks against its own scrape), every alert with its
 * runbook section in README.md.
 */
class MonitoringTest {

    private static final String WITH_MONITORING = "ci/alternatives-values.yaml";
    static final Path MONITORED_METRICS =
            Charts.REPO.resolve("libs/test-support/src/main/resources/org/telprov/testing/monitored-metrics.txt");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothAreOffByDefault() {
        List<Manifest> manifests = manifests(Charts.MINIMAL);
        assertThat(ofKind(manifests, "PrometheusRule")).isEmpty();
        assertThat(dashboards(manifests)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {WITH_MONITORING, "values-production.yaml"})
    void everyDashboardFileIsAConfigMapTheGrafanaSidecarLoads(String valueSet) throws IOException {
        List<Manifest> configMaps = dashboards(manifests(valueSet));
        List<String> files;
        try (Stream<Path> list = Files.list(Charts.CHART.resolve("dashboards"))) {
            files = list.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(configMaps.stream().flatMap(c -> c.mapAt("data").keySet().stream()).sorted().toList())
                .isEqualTo(files);
        for (Manifest configMap : configMaps) {
            assertThat(configMap.mapAt("metadata.labels")).containsEntry("grafana_dashboard", "1");
        }
        if (valueSet.equals(WITH_MONITORING)) {
            assertThat(configMaps).allSatisfy(c -> {
                assertThat(c.namespace()).isEqualTo("monitoring");
                assertThat(c.mapAt("metadata.annotations")).containsEntry("grafana_folder", "telprov");
            });
        }
    }

    @Test
    void theDashboardsHaveWhatGrafanaNeeds() {
        assertThat(dashboardProblems(manifests(WITH_MONITORING))).isEmpty();
    }

    @Test
    void aDashboardWithoutUidOrQueriesIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "dashboards/telprov-services.json", "\"uid\": \"telprov-services\"", "\"id\": null");
        Charts.edit(chart, "dashboards/telprov-devices.json", "\"targets\": [", "\"queries\": [");
        assertThat(dashboardProblems(rendered(chart)))
                .anySatisfy(p -> assertThat(p).contains("telprov-services.json: no uid"))
                .anySatisfy(p -> assertThat(p).contains("telprov-devices.json: panel \"Lookups by outcome\" has no targets"));
    }

    @Test
    void theAlertsPassPromtool() {
        Promtool.Result result = Promtool.checkRules(rulesFile(manifests(WITH_MONITORING)));
        assertThat(result.passed()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + alerts(manifests(WITH_MONITORING)).size() + " rules found");
    }

    @Test
    void theDashboardQueriesPassPromtool() {
        Promtool.Result result = Promtool.checkRules(dashboardQueriesAsRules(manifests(WITH_MONITORING)));
        assertThat(result.passed()).as(result.output()).isTrue();
    }

    @Test
    void aBrokenExpressionFailsPromtool(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/prometheusrule.yaml", "(telprov_outbox_pending{ {{- $sel -}} }) >",
                "(telprov_outbox_pending{ {{- $sel -}} } >");
        Charts.edit(chart, "dashboards/telprov-services.json", "rate(jvm_gc_pause_seconds_sum", "rate(jvm_gc_pause_seconds_sum[");
        Promtool.Result rules = Promtool.checkRules(rulesFile(rendered(chart)));
        assertThat(rules.passed()).isFalse();
        assertThat(rules.output()).contains("TelprovOutboxBacklogGrowing");
        assertThat(Promtool.checkRules(dashboardQueriesAsRules(rendered(chart))).passed()).isFalse();
    }

    @Test
    void everyAlertCanBeActedOnWithItsRunbook() {
        List<Map<String, Object>> alerts = alerts(manifests(WITH_MONITORING));
        assertThat(alerts).extracting(a -> a.get("alert")).contains("TelprovOutboxBacklogGrowing",
                "TelprovOutboxRelayStuck", "TelprovConsumerLagHigh", "TelprovDeadLetters", "TelprovServerErrors",
                "TelprovCheckinsDropped", "TelprovRedirectTableNotReady");
        for (Map<String, Object> alert : alerts) {
            assertThat(Manifest.map(alert.get("labels"))).as("%s", alert.get("alert"))
                    .containsKey("severity").containsEntry("team", "provisioning");
            assertThat(Manifest.map(alert.get("annotations"))).as("%s", alert.get("alert"))
                    .containsKeys("summary", "description", "runbook_url");
            assertThat((String) Manifest.map(alert.get("annotations")).get("runbook_url"))
                    .startsWith("https://git.example.com/telprov/blob/main/deploy/k8s/README.md#");
        }
        assertThat(runbooksMissing(alerts, Charts.CHART)).isEmpty();
    }

    @Test
    void anAlertWhoseRunbookSectionIsMissingIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "README.md", "#### Outbox relay stuck", "#### The outbox relay is stuck");
        assertThat(runbooksMissing(alerts(rendered(chart)), chart)).containsExactly("TelprovOutboxRelayStuck#outbox-relay-stuck");
    }

    @Test
    void theAlertsWatchTheReleasesJobsUnlessToldOtherwise() {
        String expr = (String) alerts(manifests("values-production.yaml")).get(0).get("expr");
        assertThat(expr).contains("namespace=\"telprov\", job=~\"telprov-(inventory|redirect|provisioning|firmware)\"");
        String custom = (String) alerts(Charts.render("values-production.yaml")
                .set("monitoring.alerts.selector", "job=~\"telprov-.*\"").manifests()).get(0).get("expr");
        assertThat(custom).contains("{job=~\"telprov-.*\"}").doesNotContain("namespace=");
    }

    @ParameterizedTest
    @ValueSource(strings = {WITH_MONITORING, "values-production.yaml"})
    void everyMetricTheChartUsesIsOneTheServicesExport(String valueSet) {
        Set<String> used = usedMetrics(manifests(valueSet));
        assertThat(used).contains("telprov_outbox_pending", "kafka_consumer_fetch_manager_records_lag_max",
                "telprov_firmware_download_sent_bytes_total", "jvm_memory_used_bytes");
        assertThat(used).allSatisfy(name -> assertThat(monitoredMetrics()).as("monitored-metrics.txt").contains(name));
    }

    @Test
    void aMisspeltMetricIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "dashboards/telprov-devices.json", "telprov_redirect_lookups_total", "telprov_redirect_lookup_total");
        assertThat(usedMetrics(rendered(chart))).contains("telprov_redirect_lookup_total")
                .doesNotContain("telprov_redirect_lookups_total");
        assertThat(monitoredMetrics()).doesNotContain("telprov_redirect_lookup_total");
    }

    /** The list's own names are meters of the code: Micrometer's name with dots as underscores, plus unit and suffix. */
    @Test
    void everyTelprovMetricListedIsAMeterOfTheCode() {
        List<Pattern> meters = Code.meterNames();
        assertThat(meters).hasSizeGreaterThan(10);
        List<String> telprov = monitoredMetrics().stream().filter(n -> n.startsWith("telprov_")).toList();
        assertThat(telprov).isNotEmpty().allSatisfy(name -> assertThat(prometheusBases(name))
                .as("%s: no Micrometer meter in libs/ or services/ is called so", name)
                .anyMatch(base -> meters.stream().anyMatch(m -> m.matcher(base).matches())));
        assertThat(prometheusBases("telprov_outbox_sent_total")).contains("telprov_outbox_sent");
        assertThat(meters.stream().anyMatch(m -> m.matcher("telprov_outbox_sendfailures").matches())).isFalse();
    }

    // --- helpers

    private static List<Manifest> rendered(Path chart) {
        return new HelmChart(chart).render().values(chart.resolve(WITH_MONITORING)).manifests();
    }

    private static List<Manifest> dashboards(List<Manifest> manifests) {
        return ofKind(manifests, "ConfigMap").stream().filter(c -> c.mapAt("metadata.labels").containsKey("grafana_dashboard")).toList();
    }

    /** File name to parsed dashboard, of every dashboard ConfigMap. */
    private static Map<String, JsonNode> dashboardJson(List<Manifest> manifests) {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        for (Manifest configMap : dashboards(manifests)) {
            configMap.mapAt("data").forEach((file, json) -> {
                try {
                    dashboards.put(file, JSON.readTree((String) json));
                } catch (IOException e) {
                    throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
                }
            });
        }
        return dashboards;
    }

    private static List<String> dashboardProblems(List<Manifest> manifests) {
        List<String> problems = new ArrayList<>();
        Set<String> uids = new TreeSet<>();
        dashboardJson(manifests).forEach((file, dashboard) -> {
            if (!dashboard.path("uid").isTextual() || dashboard.path("uid").asText().isBlank()) {
                problems.add(file + ": no uid");
            } else if (!uids.add(dashboard.path("uid").asText())) {
                problems.add(file + ": uid " + dashboard.path("uid").asText() + " used twice");
            }
            if (dashboard.path("title").asText().isBlank()) {
                problems.add(file + ": no title");
            }
            if (!dashboard.path("panels").isArray() || dashboard.path("panels").isEmpty()) {
                problems.add(file + ": no panels");
            }
            for (JsonNode panel : dashboard.path("panels")) {
                String title = panel.path("title").asText();
                if (title.isBlank() || !panel.path("gridPos").has("w")) {
                    problems.add(file + ": panel " + panel.path("id") + " without title or gridPos");
                }
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                if (!panel.path("targets").isArray() || panel.path("targets").isEmpty()) {
                    problems.add(file + ": panel \"" + title + "\" has no targets");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (target.path("expr").asText().isBlank() || target.path("refId").asText().isBlank()) {
                        problems.add(file + ": panel \"" + title + "\" has a target without expr or refId");
                    }
                }
            }
        });
        return problems;
    }

    /** Every PromQL expression of the dashboards: the panels' targets and the selectors of label_values variables. */
    private static List<String> dashboardQueries(List<Manifest> manifests) {
        List<String> queries = new ArrayList<>();
        for (JsonNode dashboard : dashboardJson(manifests).values()) {
            for (JsonNode panel : dashboard.path("panels")) {
                panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                if (labelValues.matches()) {
                    queries.add(labelValues.group(1));
                }
            }
        }
        return queries;
    }

    /** The dashboards' queries as recording rules, Grafana's interval variables replaced by what they stand for. */
    private static String dashboardQueriesAsRules(List<Manifest> manifests) {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<String> queries = dashboardQueries(manifests);
        assertThat(queries).isNotEmpty();
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i).replace("$__rate_interval", "5m").replace("$__interval", "1m");
            rules.add(Map.of("record", "dashboard_query_" + i, "expr", expr));
        }
        return Manifests.yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules))));
    }

    private static Manifest rule(List<Manifest> manifests) {
        List<Manifest> rules = ofKind(manifests, "PrometheusRule");
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static String rulesFile(List<Manifest> manifests) {
        return Manifests.yaml().dump(rule(manifests).mapAt("spec"));
    }

    private static List<Map<String, Object>> alerts(List<Manifest> manifests) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Object group : rule(manifests).listAt("spec.groups")) {
            Manifest.list(Manifest.map(group).get("rules")).forEach(r -> alerts.add(Manifest.map(r)));
        }
        return alerts;
    }

    /** "Alert#anchor" of every alert whose runbook_url's anchor is no heading of the chart's README.md. */
    private static List<String> runbooksMissing(List<Map<String, Object>> alerts, Path chart) {
        Set<String> anchors;
        try {
            anchors = Markdown.anchors(Files.readString(chart.resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> alert : alerts) {
            String url = String.valueOf(Manifest.map(alert.get("annotations")).get("runbook_url"));
            String anchor = url.contains("#") ? url.substring(url.indexOf('#') + 1) : "";
            if (!anchors.contains(anchor)) {
                missing.add(alert.get("alert") + "#" + anchor);
            }
        }
        return missing;
    }

    private static Set<String> usedMetrics(List<Manifest> manifests) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> alert : alerts(manifests)) {
            names.addAll(PromQl.metricNames((String) alert.get("expr")));
        }
        for (String query : dashboardQueries(manifests)) {
            names.addAll(PromQl.metricNames(query));
        }
        return names;
    }

    static Set<String> monitoredMetrics() {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(MONITORED_METRICS)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("\\s+")[0]);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Micrometer names a Prometheus name may come from: without _total, the timer's suffix, the base unit. */
    private static Set<String> prometheusBases(String name) {
        Set<String> bases = new TreeSet<>();
        String base = name.replaceFirst("_total$", "").replaceFirst("_seconds_(count|sum|max|bucket)$", "_seconds");
        bases.add(base);
        bases.add(base.replaceFirst("_(bytes|seconds)$", ""));
        return bases;
    }
}
