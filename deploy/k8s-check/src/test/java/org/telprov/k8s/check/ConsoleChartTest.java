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

/** The web console in the chart: off by default; when on, its own Deployment, Service, Ingress and network policy. */
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
                .containsEntry("QUARKUS_OIDC_CREDENTIALS_SECRET", "secret telprov-console-oidc/client-secret");
        Set<String> known = Code.settings().values().stream().map(Code.Setting::env).collect(Collectors.toSet());
        assertThat(env.keySet()).filteredOn(name -> name.startsWith("TELPROV_"))
                .isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));

        Manifest ingress = named(manifests, "Ingress", "telprov-console");
        Map<String, Object> rule = Manifest.map(ingress.listAt("spec.rules").get(0));
        assertThat(rule.get("host")).isEqualTo("console.example.com");
        assertThat(ofKind(manifests, "Service")).extracting(Manifest::name).contains("telprov-console");
    }

    @Test
    void withNetworkPoliciesTheConsolesPodsAreLetInToInventoryProvisioningAndFirmwareOnly() {
        List<Manifest> manifests = Charts.render("values-production.yaml").set("console.enabled", true)
                .set("console.oidc.existingSecret", "telprov-console-oidc").manifests();

        assertThat(validator.validate(manifests)).isEmpty();
        for (String service : List.of("inventory", "provisioning", "firmware")) {
            List<Object> in = named(manifests, "NetworkPolicy", "telprov-" + service).listAt("spec.ingress");
            assertThat(in).as(service).map(Manifest::map).anySatisfy(rule -> assertThat(rule.toString())
                    .contains("app.kubernetes.io/component=console"));
        }
        assertThat(named(manifests, "NetworkPolicy", "telprov-redirect").listAt("spec.ingress")).map(Manifest::map)
                .noneSatisfy(rule -> assertThat(rule.toString()).contains("app.kubernetes.io/component=console"));
        List<Object> consoleOut = named(manifests, "NetworkPolicy", "telprov-console").listAt("spec.egress");
        assertThat(consoleOut).map(Manifest::map).anySatisfy(rule -> assertThat(rule.toString())
                .contains("port=8084").contains("app.kubernetes.io/component=inventory"));
        assertThat(consoleOut).map(Manifest::map).anySatisfy(rule -> assertThat(rule.toString())
                .contains("port=8082").contains("app.kubernetes.io/component=provisioning"));
        assertThat(consoleOut).map(Manifest::map).anySatisfy(rule -> assertThat(rule.toString())
                .contains("port=8083").contains("app.kubernetes.io/component=firmware"));
        assertThat(References.external(manifests)).contains("Secret/telprov-console-oidc");
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
