package org.telprov.k8s.check;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telprov.k8s.check.Charts.named;
import static org.telprov.k8s.check.Charts.ofKind;

/**
 * The web console in the chart: off by default; when on, its own Deployment, Service, Ingress, network policy and
 * disruption budget, an autoscaler and ServiceMonitor when asked, and optionally the API host's free paths.
 */
class ConsoleChartTest {

    private final ManifestValidator validator = new ManifestValidator();

    @Test
    void theConsoleIsOffByDefault() {
        assertThat(Charts.manifests(Charts.MINIMAL)).noneMatch(m -> m.name().endsWith("-console"));
    }

    @Test
    void anEnabledConsoleRendersValidHardenedManifestsThatReachInventoryWithThePersonsToken() {
        List<Manifest> manifests = Charts.minimal().set("console.enabled", true)
                .set("console.oidc.clientSecret", "not-a-real-secret").manifests();

        assertThat(validator.validate(manifests)).isEmpty();
        assertThat(References.external(manifests)).as("nothing to make by hand").isEmpty();
        Manifest deployment = named(manifests, "Deployment", "telprov-console");
        Map<String, Object> pod = deployment.mapAt("spec.template.spec");
        assertThat(pod).containsEntry("automountServiceAccountToken", false).containsEntry("enableServiceLinks", false);
        Map<String, Object> container = Manifest.map(Manifest.list(pod.get("containers")).get(0));
        assertThat(Manifest.map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true);
        assertThat(Manifest.map(Manifest.map(container.get("readinessProbe")).get("httpGet")))
                .containsEntry("path", "/q/health/ready");

        Map<String, Object> env = environment(container);
        int port = Integer.parseInt(Code.applicationProperties("console").getProperty("quarkus.http.port"));
        assertThat(env).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port))
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak.example.com/realms/telprov")
                .containsEntry("QUARKUS_OIDC_CLIENT_ID", "telprov-console")
                .containsEntry("QUARKUS_REST_CLIENT_INVENTORY_URL", "http://telprov-inventory:8084")
                .containsEntry("QUARKUS_REST_CLIENT_PROVISIONING_URL", "http://telprov-provisioning:8082")
                .containsEntry("QUARKUS_REST_CLIENT_FIRMWARE_URL", "http://telprov-firmware:8083")
                .containsEntry("TELPROV_CONSOLE_FIRMWARE_MAX_SIZE", "2G")
                .containsEntry("QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE", "2100M")
                .containsEntry("QUARKUS_OIDC_CREDENTIALS_SECRET", "secret telprov-console-oidc/client-secret")
                .containsEntry("TELPROV_CONSOLE_HEALTH_INVENTORY_URL", "http://telprov-inventory:8084")
                .containsEntry("TELPROV_CONSOLE_HEALTH_REDIRECT_URL", "http://telprov-redirect:8081")
                .containsEntry("TELPROV_CONSOLE_HEALTH_PROVISIONING_URL", "http://telprov-provisioning:8082")
                .containsEntry("TELPROV_CONSOLE_HEALTH_FIRMWARE_URL", "http://telprov-firmware:8083");
        Set<String> known = Code.settings().values().stream().map(Code.Setting::env).collect(Collectors.toSet());
        assertThat(env.keySet()).filteredOn(name -> name.startsWith("TELPROV_"))
                .isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));

        Manifest ingress = named(manifests, "Ingress", "telprov-console");
        Map<String, Object> rule = Manifest.map(ingress.listAt("spec.rules").get(0));
        assertThat(rule.get("host")).isEqualTo("console.example.com");
        assertThat(ofKind(manifests, "Service")).extracting(Manifest::name).contains("telprov-console");
    }

    @Test
    void withNetworkPoliciesTheConsolesPodsAreLetInToEveryServiceForItsApiAndItsHealthPage() {
        List<Manifest> manifests = Charts.render("values-production.yaml").set("console.enabled", true)
                .set("console.oidc.existingSecret", "telprov-console-oidc").manifests();

        assertThat(validator.validate(manifests)).isEmpty();
        List<Object> consoleOut = named(manifests, "NetworkPolicy", "telprov-console").listAt("spec.egress");
        for (Map.Entry<String, Integer> service : Map.of("inventory", 8084, "redirect", 8081, "provisioning", 8082,
                "firmware", 8083).entrySet()) {
            List<Object> in = named(manifests, "NetworkPolicy", "telprov-" + service.getKey()).listAt("spec.ingress");
            assertThat(in).as(service.getKey()).map(Manifest::map).anySatisfy(rule -> assertThat(rule.toString())
                    .contains("app.kubernetes.io/component=console"));
            assertThat(consoleOut).as(service.getKey()).map(Manifest::map).anySatisfy(rule -> assertThat(
                    rule.toString()).contains("port=" + service.getValue())
                    .contains("app.kubernetes.io/component=" + service.getKey()));
        }
        assertThat(References.external(manifests)).contains("Secret/telprov-console-oidc");
    }

    @Test
    void theConsoleHasADisruptionBudgetAndOptionallyAnAutoscalerAndAServiceMonitorLikeTheServices() {
        List<Manifest> plain = Charts.minimal().set("console.enabled", true)
                .set("console.oidc.clientSecret", "not-a-real-secret").manifests();
        Manifest budget = named(plain, "PodDisruptionBudget", "telprov-console");
        assertThat(budget.mapAt("spec")).containsEntry("maxUnavailable", 1);
        assertThat(budget.mapAt("spec.selector.matchLabels")).containsEntry("app.kubernetes.io/component", "console");
        assertThat(ofKind(plain, "HorizontalPodAutoscaler")).extracting(Manifest::name)
                .doesNotContain("telprov-console");
        assertThat(named(plain, "Deployment", "telprov-console").mapAt("spec")).containsEntry("replicas", 2);

        List<Manifest> scaled = Charts.minimal().set("console.enabled", true)
                .set("console.oidc.clientSecret", "not-a-real-secret").set("console.autoscaling.enabled", true)
                .set("metrics.serviceMonitor.enabled", true).manifests();
        assertThat(validator.validate(scaled)).isEmpty();
        Manifest autoscaler = named(scaled, "HorizontalPodAutoscaler", "telprov-console");
        assertThat(autoscaler.mapAt("spec")).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 4);
        assertThat(autoscaler.mapAt("spec.scaleTargetRef")).containsEntry("name", "telprov-console");
        assertThat(named(scaled, "Deployment", "telprov-console").mapAt("spec"))
                .as("the autoscaler owns the replica count").doesNotContainKey("replicas");
        Manifest monitor = named(scaled, "ServiceMonitor", "telprov-console");
        assertThat(Manifest.map(monitor.listAt("spec.endpoints").get(0))).containsEntry("path", "/q/metrics")
                .containsEntry("port", "http");
    }

    @Test
    void theConsoleCanAlsoBeServedOnTheApiHostAtEveryPathNoApiPathClaims() {
        List<Manifest> manifests = Charts.minimal().set("console.enabled", true)
                .set("console.oidc.clientSecret", "not-a-real-secret").set("console.ingress.onApiHost", true)
                .set("ingress.api.hosts[0]", "api.example.com").manifests();

        assertThat(validator.validate(manifests)).isEmpty();
        Map<String, Object> rule = Manifest.map(named(manifests, "Ingress", "telprov-api").listAt("spec.rules").get(0));
        assertThat(rule.get("host")).isEqualTo("api.example.com");
        List<Map<String, Object>> paths = Manifest.list(Manifest.map(rule.get("http")).get("paths")).stream()
                .map(Manifest::map).toList();
        assertThat(paths).anySatisfy(path -> assertThat(path.toString()).contains("path=/,")
                .contains("name=telprov-console"));
        assertThat(paths).anySatisfy(path -> assertThat(path.toString()).contains("path=/api/v1/devices,")
                .contains("name=telprov-inventory"));
        assertThat(named(manifests, "Ingress", "telprov-console").listAt("spec.rules")).as("its own host stays")
                .hasSize(1);

        List<Manifest> apart = Charts.minimal().set("console.enabled", true)
                .set("console.oidc.clientSecret", "not-a-real-secret").manifests();
        assertThat(named(apart, "Ingress", "telprov-api").listAt("spec.rules").toString())
                .doesNotContain("telprov-console");
    }

    @Test
    void anEnabledConsoleWithoutItsClientSecretFailsTheRender() {
        assertThatThrownBy(() -> Charts.minimal().set("console.enabled", true).yaml())
                .hasMessageContaining("console.oidc: existingSecret or clientSecret is required");
    }

    /** The container's variables, a Secret reference written as "secret name/key". */
    private static Map<String, Object> environment(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        for (Object e : Manifest.list(container.get("env"))) {
            Map<String, Object> variable = Manifest.map(e);
            Map<String, Object> secret = Manifest.map(Manifest.map(variable.get("valueFrom")).get("secretKeyRef"));
            env.put((String) variable.get("name"), secret.isEmpty() ? variable.get("value")
                    : "secret " + secret.get("name") + "/" + secret.get("key"));
        }
        return env;
    }
}
