package org.telprov.k8s.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telprov.events.Topics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telprov.k8s.check.Charts.manifests;
import static org.telprov.k8s.check.Charts.named;
import static org.telprov.k8s.check.Charts.ofKind;

/** The chart rendered by Helm for each values file CI knows, validated manifest by manifest and as a whole. */
class ChartRenderTest {

    private static final List<String> SERVICES = List.of("inventory", "redirect", "provisioning", "firmware");
    private static final List<String> DEVICE_FACING = List.of("redirect", "provisioning", "firmware");

    private final ManifestValidator validator = new ManifestValidator();

    static List<String> valueSets() {
        return Charts.valueSets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedManifestIsValid(String valueSet) {
        List<Manifest> manifests = manifests(valueSet);
        assertThat(manifests).isNotEmpty();
        assertThat(validator.validate(manifests)).as("violations rendering %s", valueSet).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedManifestIsValidOnTheNewestKubernetesToo(String valueSet) {
        List<Manifest> manifests = Charts.render(valueSet).kubeVersion(Charts.NEWEST_KUBE_VERSION).manifests();
        assertThat(validator.validate(manifests)).as("violations rendering %s", valueSet).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyContainerRunsHardenedWithProbesAndResources(String valueSet) {
        for (Manifest deployment : ofKind(manifests(valueSet), "Deployment")) {
            Map<String, Object> pod = deployment.mapAt("spec.template.spec");
            assertThat(Manifest.map(pod.get("securityContext")))
                    .as(deployment.id()).containsEntry("runAsNonRoot", true)
                    .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
            assertThat(pod).containsEntry("automountServiceAccountToken", false).containsEntry("enableServiceLinks", false);
            Map<String, String> emptyDirs = Manifest.list(pod.get("volumes")).stream().map(Manifest::map)
                    .filter(v -> v.containsKey("emptyDir"))
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> "emptyDir"));
            for (Object c : Manifest.list(pod.get("containers"))) {
                Map<String, Object> container = Manifest.map(c);
                String where = deployment.id() + " container " + container.get("name");
                assertThat(Manifest.map(container.get("securityContext"))).as(where)
                        .containsEntry("readOnlyRootFilesystem", true)
                        .containsEntry("allowPrivilegeEscalation", false)
                        .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
                assertThat(Manifest.list(container.get("volumeMounts"))).as(where + ": a writable /tmp")
                        .map(Manifest::map)
                        .anySatisfy(m -> {
                            assertThat(m.get("mountPath")).isEqualTo("/tmp");
                            assertThat(emptyDirs).containsKey((String) m.get("name"));
                        });
                Map<String, Object> resources = Manifest.map(container.get("resources"));
                assertThat(Manifest.map(resources.get("requests"))).as(where).containsKeys("cpu", "memory");
                assertThat(Manifest.map(resources.get("limits"))).as(where).containsKey("memory");
                assertThat(probePath(container, "startupProbe")).as(where).isEqualTo("/q/health/started");
                assertThat(probePath(container, "livenessProbe")).as(where).isEqualTo("/q/health/live");
                assertThat(probePath(container, "readinessProbe")).as(where).isEqualTo("/q/health/ready");
            }
        }
    }

    @Test
    void theDefaultsDeployTheFourServicesWithEverythingAroundThem() {
        List<Manifest> manifests = manifests(Charts.MINIMAL);
        assertThat(kinds(manifests)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ConfigMap", 4L, "Deployment", 4L, "Service", 4L, "PodDisruptionBudget", 4L, "NetworkPolicy", 4L,
                "HorizontalPodAutoscaler", 2L, "Ingress", 2L, "PersistentVolumeClaim", 1L, "Secret", 3L,
                "ServiceAccount", 1L));
        assertThat(ofKind(manifests, "HorizontalPodAutoscaler")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("telprov-redirect", "telprov-provisioning");
        assertThat(References.external(manifests)).as("a default install needs no Secret made by hand").isEmpty();
        // Autoscaled Deployments leave replicas to the HPA, so that `helm upgrade` does not reset them.
        assertThat(named(manifests, "Deployment", "telprov-redirect").at("spec.replicas")).isEmpty();
        assertThat(named(manifests, "Deployment", "telprov-inventory").at("spec.replicas")).contains(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void eachServiceGetsTheSettingsItReads(String valueSet) {
        List<Manifest> manifests = manifests(valueSet);
        for (Manifest deployment : ofKind(manifests, "Deployment")) {
            String service = deployment.name().replaceAll(".*-", "");
            Map<String, Object> container = Manifest.map(deployment.listAt("spec.template.spec.containers").get(0));
            Map<String, Object> env = environment(manifests, container);
            assertThat(env).as(deployment.id()).containsKeys(
                    "QUARKUS_HTTP_PORT", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                    "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "TELPROV_KAFKA_CREATE_TOPICS",
                    "TELPROV_KAFKA_PARTITIONS", "TELPROV_KAFKA_REPLICATION_FACTOR");
            assertThat((String) env.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://");
            assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).as("the password comes from a Secret")
                    .isInstanceOf(SecretRef.class);
            Properties properties = Code.applicationProperties(service);
            int port = Integer.parseInt(properties.getProperty("quarkus.http.port"));
            assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(port));
            assertThat(Manifest.map(Manifest.list(container.get("ports")).get(0)).get("containerPort")).isEqualTo(port);
            if (service.equals("redirect")) {
                assertThat(env).doesNotContainKey("QUARKUS_OIDC_AUTH_SERVER_URL");
            } else {
                assertThat((String) env.get("QUARKUS_OIDC_AUTH_SERVER_URL")).startsWith("http");
                assertThat(env.get("QUARKUS_OIDC_TOKEN_AUDIENCE")).isEqualTo("telprov-api");
                assertThat(env.get("TELPROV_TENANCY_TENANT_CLAIM")).isEqualTo("tenant_id");
            }
            if (service.equals("firmware")) {
                assertThat(env.get("TELPROV_FIRMWARE_STORE_DIRECTORY")).isEqualTo("/var/lib/telprov/firmware");
                assertThat(Manifest.list(container.get("volumeMounts"))).map(Manifest::map)
                        .anySatisfy(m -> assertThat(m.get("mountPath")).isEqualTo("/var/lib/telprov/firmware"));
                assertThat((String) env.get("TELPROV_FIRMWARE_MAX_ARTIFACT_SIZE")).matches("[0-9]+[KMGT]?");
            }
            if (service.equals("inventory")) {
                assertThat((String) env.get("TELPROV_INVENTORY_CHECKIN_HISTORY")).matches("[1-9][0-9]*");
            }
            // Firmware verifies signed device links, provisioning signs them: one secret, from a Secret.
            if (service.equals("firmware") || service.equals("provisioning")) {
                assertThat(env.get("TELPROV_LINKS_SECRET")).as(deployment.id()).isInstanceOf(SecretRef.class);
            } else {
                assertThat(env).as(deployment.id()).doesNotContainKey("TELPROV_LINKS_SECRET");
            }
        }
    }

    /** Catches a variable the services ignore, e.g. TELPROV_FIRMWARE_STORAGE_DIRECTORY for telprov.firmware.store.directory. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyTelprovVariableTheChartSetsIsASettingOfTheCode(String valueSet) {
        Set<String> known = Code.settings().values().stream().map(Code.Setting::env).collect(Collectors.toSet());
        assertThat(known).contains("TELPROV_FIRMWARE_STORE_DIRECTORY", "TELPROV_LINKS_SECRET",
                "TELPROV_TENANCY_TENANT_CLAIM", "TELPROV_INVENTORY_CHECKIN_HISTORY");
        List<Manifest> manifests = manifests(valueSet);
        for (Manifest deployment : ofKind(manifests, "Deployment")) {
            Map<String, Object> container = Manifest.map(deployment.listAt("spec.template.spec.containers").get(0));
            assertThat(environment(manifests, container).keySet()).as(deployment.id())
                    .filteredOn(name -> name.startsWith("TELPROV_")).allSatisfy(name -> assertThat(known).contains(name));
        }
    }

    /** The chart's defaults are the services' own, so that installing the chart changes nothing by accident. */
    @Test
    void theChartsDefaultsAreTheServicesDefaults() {
        List<Manifest> manifests = manifests(Charts.MINIMAL);
        Map<String, Object> firmware = environment(manifests, "telprov-firmware");
        assertThat(firmware.get("TELPROV_FIRMWARE_STORE_DIRECTORY"))
                .isEqualTo(Code.productionValue("firmware", "telprov.firmware.store.directory").orElseThrow());
        assertThat(firmware.get("TELPROV_FIRMWARE_MAX_ARTIFACT_SIZE"))
                .isEqualTo(Code.productionValue("firmware", "telprov.firmware.max-artifact-size").orElseThrow());
        for (String setting : List.of("telprov.firmware.quota.tenant", "telprov.firmware.quota.platform",
                "telprov.firmware.store.reserve")) {
            assertThat(firmware.get(Code.settings().get(setting).env()))
                    .isEqualTo(Code.productionValue("firmware", setting).orElseThrow());
        }
        assertThat(environment(manifests, "telprov-inventory").get("TELPROV_INVENTORY_CHECKIN_HISTORY"))
                .isEqualTo(Code.productionValue("inventory", "telprov.inventory.checkin-history").orElseThrow());
        for (String service : List.of("inventory", "firmware")) {
            assertThat(environment(manifests, "telprov-" + service).get("TELPROV_TENANCY_TENANT_CLAIM"))
                    .isEqualTo(Code.productionValue(service, "telprov.tenancy.tenant-claim").orElseThrow());
        }
        assertThat(Code.settings().get("telprov.links.secret").defaultValue())
                .as("the link secret has no default: the chart must provide one").isEmpty();
    }

    /** Traces cost nothing unless the install names a collector; then every service exports to it. */
    @Test
    void tracesAreOffUnlessAnEndpointIsSet() {
        assertThat(environment(manifests(Charts.MINIMAL), "telprov-redirect"))
                .doesNotContainKeys("QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        assertThat(Code.productionValue("redirect", "quarkus.otel.sdk.disabled")).contains("true");
        List<Manifest> traced = manifests("ci/alternatives-values.yaml");
        for (String service : List.of("inventory", "redirect", "firmware")) {
            assertThat(environment(traced, "tp-" + service))
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector.observability:4318")
                    .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
                    .containsEntry("TELPROV_TRACES_RATIO", "1")
                    .containsEntry("TELPROV_TRACES_DEVICE_RATIO", "0.001");
        }
    }

    /** The probing budgets are per source address: behind the Ingress that must be the phone's, not the controller's. */
    @Test
    void theDeviceFacingServicesReadThePhonesAddressFromTheIngress() {
        for (String service : List.of("redirect", "provisioning", "firmware")) {
            assertThat(environment(manifests(Charts.MINIMAL), "telprov-" + service))
                    .containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                    .containsEntry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true")
                    .doesNotContainKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
            assertThat(environment(manifests("values-production.yaml"), "telprov-" + service))
                    .containsEntry("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.244.0.0/16");
        }
        assertThat(environment(manifests(Charts.MINIMAL), "telprov-inventory"))
                .doesNotContainKey("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING");
    }

    @Test
    void theLinkSecretIsSharedByFirmwareAndProvisioningAndNeverInAConfigMap() {
        // Defaults: generated by the chart (kept across upgrades by a lookup, which `helm template` cannot do).
        List<Manifest> defaults = manifests(Charts.MINIMAL);
        assertThat(linkSecret(defaults, "telprov-links")).hasSize(48).matches("[A-Za-z0-9]+");
        SecretRef chartSecret = new SecretRef("telprov-links", "secret");
        assertThat(environment(defaults, "telprov-firmware")).containsEntry("TELPROV_LINKS_SECRET", chartSecret);
        assertThat(environment(defaults, "telprov-provisioning")).containsEntry("TELPROV_LINKS_SECRET", chartSecret);
        // Given as a value: stored as it is.
        List<Manifest> alternatives = manifests("ci/alternatives-values.yaml");
        assertThat(linkSecret(alternatives, "tp-links")).isEqualTo("not-a-real-link-secret-0123456789abcdef");
        assertThat(environment(alternatives, "tp-firmware")).containsEntry("TELPROV_LINKS_SECRET", new SecretRef("tp-links", "secret"));
        // Production: an existing Secret, nothing written by the chart.
        List<Manifest> production = manifests("values-production.yaml");
        SecretRef existing = new SecretRef("telprov-links", "secret");
        assertThat(environment(production, "telprov-firmware")).containsEntry("TELPROV_LINKS_SECRET", existing);
        assertThat(environment(production, "telprov-provisioning")).containsEntry("TELPROV_LINKS_SECRET", existing);
        assertThat(References.external(production)).contains("Secret/telprov-links");
        // An existing Secret with another key; no Secret at all without a service that uses links.
        List<Manifest> ownKey = Charts.minimal().set("links.existingSecret", "links")
                .set("links.secretKey", "hmac").manifests();
        assertThat(environment(ownKey, "telprov-firmware")).containsEntry("TELPROV_LINKS_SECRET", new SecretRef("links", "hmac"));
        assertThat(ofKind(ownKey, "Secret")).extracting(Manifest::name).doesNotContain("telprov-links");
        List<Manifest> noLinks = Charts.minimal().set("firmware.enabled", false).set("provisioning.enabled", false)
                .set("ingress.device.enabled", false).set("ingress.api.enabled", false).manifests();
        assertThat(ofKind(noLinks, "Secret")).extracting(Manifest::name).doesNotContain("telprov-links");
        for (String valueSet : valueSets()) {
            assertThat(ofKind(manifests(valueSet), "ConfigMap")).allSatisfy(configMap ->
                    assertThat(configMap.mapAt("data")).doesNotContainKey("TELPROV_LINKS_SECRET"));
        }
    }

    /** Provisioning seals secret parameters with this key: a Secret in every value set, kept on uninstall. */
    @Test
    void provisioningGetsItsSecretsKeyFromASecretThatOutlivesTheRelease() {
        List<Manifest> defaults = manifests(Charts.MINIMAL);
        Manifest generated = named(defaults, "Secret", "telprov-secrets-key");
        assertThat(Base64.getDecoder().decode(secretValue(defaults, "telprov-secrets-key", "key"))).hasSize(32);
        assertThat(generated.mapAt("metadata.annotations")).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(environment(defaults, "telprov-provisioning")).containsEntry("TELPROV_PROVISIONING_SECRETS_KEY",
                new SecretRef("telprov-secrets-key", "key"));
        for (String other : List.of("telprov-inventory", "telprov-redirect", "telprov-firmware")) {
            assertThat(environment(defaults, other)).doesNotContainKey("TELPROV_PROVISIONING_SECRETS_KEY");
        }
        String given = "bm90LWEtcmVhbC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg=";
        assertThat(secretValue(Charts.minimal().set("secretsKey.key", given).manifests(), "telprov-secrets-key",
                "key")).isEqualTo(given);
        assertThat(ofKind(manifests("ci/alternatives-values.yaml"), "Secret")).as("provisioning disabled")
                .extracting(Manifest::name).doesNotContain("tp-secrets-key");
        List<Manifest> production = manifests("values-production.yaml");
        assertThat(environment(production, "telprov-provisioning")).containsEntry("TELPROV_PROVISIONING_SECRETS_KEY",
                new SecretRef("telprov-secrets-key", "key"));
        assertThat(References.external(production)).contains("Secret/telprov-secrets-key");
        assertThat(Code.settings()).containsKey("telprov.provisioning.secrets-key");
        assertThatThrownBy(() -> Charts.minimal().set("secretsKey.key", "dG9vLXNob3J0").yaml())
                .hasMessageContaining("secretsKey.key must be the base64 of 32 bytes");
    }

    /** Generated once: an upgrade reads the key back, or every sealed secret would become unreadable. */
    @Test
    void anUpgradeKeepsTheGeneratedSecretsKey() {
        String kept = "a2VwdC1hY3Jvc3MtdXBncmFkZXMtMDEyMzQ1Njc4OWFi";
        FakeCluster.putSecret("upgrade-keys", "telprov-secrets-key", Map.of("key", kept));
        try {
            List<Manifest> upgrade = Charts.minimal().namespace("upgrade-keys").manifests();
            assertThat(secretValue(upgrade, "telprov-secrets-key", "key")).isEqualTo(kept);
        } finally {
            FakeCluster.removeSecret("upgrade-keys", "telprov-secrets-key");
        }
    }

    @Test
    void theOidcAudienceIsTheOneTheServicesCheck() {
        for (String service : List.of("inventory", "firmware")) {
            assertThat(Code.applicationProperties(service).getProperty("quarkus.oidc.token.audience")).isEqualTo("telprov-api");
        }
    }

    @Test
    void theIngressesKeepDevicePathsApartFromThePartnerApi() {
        for (String valueSet : List.of(Charts.MINIMAL, "values-production.yaml")) {
            List<Manifest> manifests = manifests(valueSet);
            Map<String, Set<String>> device = routes(named(manifests, "Ingress", "telprov-device"));
            Map<String, Set<String>> api = routes(named(manifests, "Ingress", "telprov-api"));
            assertThat(device.keySet()).containsExactlyInAnyOrder("telprov-redirect", "telprov-provisioning", "telprov-firmware");
            assertThat(device.get("telprov-redirect")).containsExactly("/device");
            assertThat(device.get("telprov-firmware")).containsExactly("/firmware/download");
            assertThat(device.get("telprov-provisioning")).containsExactly("/prov");
            assertThat(api.keySet()).containsExactlyInAnyOrder("telprov-inventory", "telprov-firmware",
                    "telprov-provisioning");
            assertThat(api.get("telprov-inventory"))
                    .containsExactlyInAnyOrder("/api/v1/tenants", "/api/v1/devices", "/api/v1/audit", "/api/v1/summary");
            assertThat(api.get("telprov-firmware")).containsExactly("/api/v1/firmware");
            assertThat(api.get("telprov-provisioning"))
                    .containsExactlyInAnyOrder("/api/v1/profiles", "/api/v1/device-auth", "/api/v1/settings",
                            "/api/v1/rollouts", "/api/v1/rollout-policy");
            assertThat(ofKind(manifests, "Ingress")).flatMap(i -> i.listAt("spec.rules")).flatMap(rule ->
                    Manifest.list(Manifest.map(Manifest.map(rule).get("http")).get("paths"))).map(Manifest::map)
                    .allSatisfy(path -> assertThat(path).containsEntry("pathType", "Prefix"));
            assertThat(api.values()).allSatisfy(paths -> assertThat(paths).allMatch(p -> p.startsWith("/api/")));
            assertThat(device.values()).allSatisfy(paths -> assertThat(paths).noneMatch(p -> p.startsWith("/api")));
            assertThat(ofKind(manifests, "Ingress")).flatMap(i -> routes(i).values())
                    .allSatisfy(paths -> assertThat(paths).noneMatch(p -> p.startsWith("/q")));
        }
    }

    /** Generated once: an upgrade reads the Secret back (lookup), so links handed out before stay valid. */
    @Test
    void anUpgradeKeepsTheGeneratedLinkSecret() {
        String kept = "kept-across-upgrades-0123456789abcdefghijklmnop";
        FakeCluster.putSecret("upgrade", "telprov-links", Map.of("secret", kept));
        try {
            List<Manifest> upgrade = Charts.minimal().namespace("upgrade").manifests();
            assertThat(linkSecret(upgrade, "telprov-links")).isEqualTo(kept);
        } finally {
            FakeCluster.removeSecret("upgrade", "telprov-links");
        }
        // A first install (nothing to read back) gets a new random one each time.
        assertThat(linkSecret(Charts.minimal().namespace("upgrade").manifests(), "telprov-links"))
                .isNotEqualTo(kept).isNotEqualTo(linkSecret(manifests(Charts.MINIMAL), "telprov-links"));
    }

    /** Every path the services serve reaches them through the right Ingress (Prefix paths). */
    @Test
    void theIngressesRouteEveryPathTheServicesServe() {
        for (String valueSet : List.of(Charts.MINIMAL, "values-production.yaml")) {
            List<Manifest> manifests = manifests(valueSet);
            Map<String, Set<String>> device = routes(named(manifests, "Ingress", "telprov-device"));
            Map<String, Set<String>> api = routes(named(manifests, "Ingress", "telprov-api"));
            for (String service : SERVICES) {
                for (String path : Code.apiPaths(service)) {
                    assertThat(api.getOrDefault("telprov-" + service, Set.of())).as("%s %s: %s", valueSet, service, path)
                            .anySatisfy(prefix -> assertThat(matchesPrefix(prefix, path)).isTrue());
                }
            }
            assertThat(Code.apiPaths("inventory")).contains("/api/v1/devices/import", "/api/v1/audit", "/api/v1/summary");
            assertThat(Code.apiPaths("firmware")).isNotEmpty();
            String download = Code.constant("firmware", "DownloadLinks", "PATH") + "0123";
            assertThat(device.get("telprov-firmware")).as("%s: %s", valueSet, download)
                    .anySatisfy(prefix -> assertThat(matchesPrefix(prefix, download)).isTrue());
            assertThat(device.get("telprov-redirect")).anySatisfy(prefix -> assertThat(matchesPrefix(prefix, "/device/0004f2abcdef")).isTrue());
        }
    }

    /** Firmware uploads and the bulk imports, as large as the services take them, get through the production API Ingress. */
    @Test
    void productionLetsFirmwareUploadsThroughTheApiIngress() {
        List<Manifest> manifests = manifests("values-production.yaml");
        Map<String, Object> annotations = named(manifests, "Ingress", "telprov-api").mapAt("metadata.annotations");
        long bodyLimit = nginxSize((String) annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"));
        long maxArtifact = memorySize((String) environment(manifests, "telprov-firmware").get("TELPROV_FIRMWARE_MAX_ARTIFACT_SIZE"));
        long maxImport = Math.max(
                memorySize(Code.applicationProperties("inventory").getProperty("quarkus.http.limits.max-body-size")),
                memorySize(Code.applicationProperties("provisioning").getProperty("quarkus.http.limits.max-body-size")));
        assertThat(bodyLimit).as("proxy-body-size (0: unlimited)").satisfiesAnyOf(
                limit -> assertThat(limit).isZero(),
                limit -> assertThat(limit).isGreaterThanOrEqualTo(Math.max(maxArtifact, maxImport)));
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off");
    }

    @Test
    void productionTakesEveryCredentialFromExistingSecretsAndTerminatesTls() {
        List<Manifest> manifests = manifests("values-production.yaml");
        assertThat(ofKind(manifests, "Secret")).as("no credentials in values").isEmpty();
        assertThat(References.external(manifests)).containsExactlyInAnyOrder(
                "Secret/telprov-inventory-db", "Secret/telprov-redirect-db", "Secret/telprov-provisioning-db",
                "Secret/telprov-firmware-db", "Secret/telprov-inventory", "Secret/telprov-redirect",
                "Secret/telprov-provisioning", "Secret/telprov-firmware", "Secret/telprov-kafka-cluster-ca-cert",
                "Secret/telprov-links", "Secret/telprov-secrets-key");
        assertThat(ofKind(manifests, "Ingress")).allSatisfy(i -> assertThat(i.listAt("spec.tls")).isNotEmpty());
        assertThat(ofKind(manifests, "ServiceMonitor")).hasSize(4).allSatisfy(m -> {
            assertThat(m.mapAt("metadata.labels")).containsEntry("release", "kube-prometheus-stack");
            assertThat(Manifest.map(m.listAt("spec.endpoints").get(0))).containsEntry("path", "/q/metrics");
        });
        assertThat(ofKind(manifests, "HorizontalPodAutoscaler")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("telprov-redirect", "telprov-provisioning", "telprov-firmware");
        assertThat(ofKind(manifests, "NetworkPolicy")).hasSize(4).allSatisfy(policy ->
                assertThat(policy.listAt("spec.egress")).map(Manifest::map).allSatisfy(rule ->
                        assertThat(rule).as(policy.id() + ": every egress rule names its peers").containsKey("to")));
        // Several firmware replicas share one ReadWriteMany volume and roll one by one.
        Manifest firmware = named(manifests, "Deployment", "telprov-firmware");
        assertThat(firmware.at("spec.strategy.type")).contains("RollingUpdate");
        assertThat(named(manifests, "PersistentVolumeClaim", "telprov-firmware-blobs").listAt("spec.accessModes"))
                .containsExactly("ReadWriteMany");
        assertThat(named(manifests(Charts.MINIMAL), "Deployment", "telprov-firmware").at("spec.strategy.type"))
                .as("a ReadWriteOnce volume cannot be attached twice").contains("Recreate");
    }

    /** Every URL in a device file starts with these: the services' defaults would send phones to 127.0.0.1. */
    @Test
    void provisioningRendersTheDeviceUrlsTheInstallGives() {
        List<Manifest> manifests = manifests("values-production.yaml");
        Map<String, Object> provisioning = environment(manifests, "telprov-provisioning");
        assertThat(provisioning).containsEntry("TELPROV_PROVISIONING_PUBLIC_BASE_URL", "https://devices.telprov.example.com")
                .containsEntry("TELPROV_PROVISIONING_FIRMWARE_BASE_URL", "https://devices.telprov.example.com");
        assertThat(Code.settings()).containsKeys("telprov.provisioning.public-base-url",
                "telprov.provisioning.firmware.base-url");
        // the URLs phones are given lead to the device Ingress, which routes /prov and /firmware/download
        List<String> deviceHosts = named(manifests, "Ingress", "telprov-device").listAt("spec.rules").stream()
                .map(rule -> (String) Manifest.map(rule).get("host")).toList();
        for (String variable : List.of("TELPROV_PROVISIONING_PUBLIC_BASE_URL", "TELPROV_PROVISIONING_FIRMWARE_BASE_URL")) {
            assertThat(deviceHosts).contains(java.net.URI.create((String) provisioning.get(variable)).getHost());
        }
        for (String other : List.of("telprov-inventory", "telprov-redirect", "telprov-firmware")) {
            assertThat(environment(manifests, other)).doesNotContainKey("TELPROV_PROVISIONING_PUBLIC_BASE_URL");
        }
    }

    /** Phones send TFTP requests to port 69 of a Service of its own; the pods listen unprivileged and answer any port. */
    @Test
    void productionServesTftpOnPort69FromAnUnprivilegedPodPort() {
        List<Manifest> manifests = manifests("values-production.yaml");
        Manifest tftp = named(manifests, "Service", "telprov-provisioning-tftp");
        assertThat(tftp.at("spec.type")).contains("LoadBalancer");
        assertThat(tftp.at("spec.externalTrafficPolicy")).contains("Local");
        assertThat(tftp.listAt("spec.ports")).singleElement().satisfies(port -> assertThat(Manifest.map(port))
                .containsEntry("port", 69).containsEntry("targetPort", "tftp").containsEntry("protocol", "UDP"));
        assertThat(environment(manifests, "telprov-provisioning")).containsEntry("TELPROV_PROVISIONING_TFTP_ENABLED", "true")
                .containsEntry("TELPROV_PROVISIONING_TFTP_PORT", "6969");
        Map<String, Object> container = Manifest.map(named(manifests, "Deployment", "telprov-provisioning")
                .listAt("spec.template.spec.containers").get(0));
        assertThat(Manifest.list(container.get("ports"))).map(Manifest::map).anySatisfy(port -> assertThat(port)
                .containsEntry("name", "tftp").containsEntry("containerPort", 6969).containsEntry("protocol", "UDP"));
        assertThat(Code.settings()).containsKeys("telprov.provisioning.tftp.enabled", "telprov.provisioning.tftp.port",
                "telprov.inventory.dhcp.tftp-server");
        // inventory's DHCP options send Plug-n-Dial phones to the Service's address
        assertThat(environment(manifests, "telprov-inventory"))
                .containsEntry("TELPROV_INVENTORY_DHCP_TFTP_SERVER", "tftp.devices.telprov.example.com");
        // without TFTP (the default) there is no UDP anywhere
        assertThat(ofKind(manifests(Charts.MINIMAL), "Service")).extracting(Manifest::name)
                .doesNotContain("telprov-provisioning-tftp");
        assertThat(environment(manifests(Charts.MINIMAL), "telprov-inventory"))
                .doesNotContainKey("TELPROV_INVENTORY_DHCP_TFTP_SERVER");
    }

    /** The redirect service verifies forwarded certificates against the vendor CAs mounted from caSecret. */
    @Test
    void forwardedClientCertificatesAreVerifiedAgainstTheVendorCas() {
        List<Manifest> manifests = Charts.render("values-production.yaml")
                .set("clientCertificates.forwardedHeader", "ssl-client-cert")
                .set("clientCertificates.caSecret", "phone-vendor-cas").manifests();
        assertThat(validator.validate(manifests)).isEmpty();
        Manifest redirect = named(manifests, "Deployment", "telprov-redirect");
        Map<String, Object> container = Manifest.map(redirect.listAt("spec.template.spec.containers").get(0));
        assertThat(environment(manifests, container))
                .containsEntry("TELPROV_REDIRECT_CLIENT_CERTIFICATE_FORWARDED_HEADER", "ssl-client-cert")
                .containsEntry("QUARKUS_TLS_TRUST_STORE_PEM_CERTS", "/etc/telprov/client-ca/ca.crt");
        assertThat(Manifest.list(container.get("volumeMounts"))).map(Manifest::map)
                .anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/etc/telprov/client-ca"));
        assertThat(References.external(manifests)).contains("Secret/phone-vendor-cas");
        assertThat(named(manifests, "NetworkPolicy", "telprov-redirect").listAt("spec.ingress")).map(Manifest::map)
                .allSatisfy(rule -> assertThat(Manifest.list(rule.get("from"))).isNotEmpty());
        assertThat(environment(manifests("values-production.yaml"), "telprov-redirect"))
                .doesNotContainKeys("TELPROV_REDIRECT_CLIENT_CERTIFICATE_FORWARDED_HEADER", "QUARKUS_TLS_TRUST_STORE_PEM_CERTS");
    }

    @Test
    void theStrimziTopicsAreTheTopicsOfTheEventContracts() {
        List<Manifest> manifests = manifests("values-production.yaml");
        Map<String, String> policies = ofKind(manifests, "KafkaTopic").stream().collect(Collectors.toMap(
                Manifest::name, t -> String.valueOf(t.mapAt("spec.config").get("cleanup.policy"))));
        Map<String, String> expected = new HashMap<>();
        Topics.COMPACTED.forEach((topic, compacted) -> expected.put(topic, compacted ? "compact" : "delete"));
        SERVICES.forEach(service -> expected.put(service + "-dlq", "delete"));
        assertThat(policies).isEqualTo(expected);
        // Every dead-letter topic a consumer is configured with (e.g. inventory's for device-checkins) is among them.
        Set<String> deadLetterTopics = new TreeSet<>();
        SERVICES.forEach(service -> deadLetterTopics.addAll(Code.deadLetterTopics(service)));
        assertThat(deadLetterTopics).contains("inventory-dlq", "redirect-dlq");
        assertThat(policies).containsKeys(deadLetterTopics.toArray(String[]::new));
        assertThat(ofKind(manifests, "KafkaTopic")).allSatisfy(topic -> {
            assertThat(topic.mapAt("metadata.labels")).containsEntry("strimzi.io/cluster", "telprov-kafka");
            assertThat(topic.namespace()).isEqualTo("kafka");
            assertThat(topic.at("spec.replicas")).contains(3);
            assertThat(topic.mapAt("spec.config")).containsEntry("min.insync.replicas", 2);
        });
        for (Manifest deployment : ofKind(manifests, "Deployment")) {
            Map<String, Object> container = Manifest.map(deployment.listAt("spec.template.spec.containers").get(0));
            assertThat(environment(manifests, container)).as("Strimzi owns the topics")
                    .containsEntry("TELPROV_KAFKA_CREATE_TOPICS", "false");
        }
        assertThat(ofKind(manifests(Charts.MINIMAL), "KafkaTopic")).isEmpty();
    }

    @Test
    void theDeviceFacingServicesScaleAndEveryServiceHasADisruptionBudget() {
        List<Manifest> manifests = manifests("values-production.yaml");
        for (String service : DEVICE_FACING) {
            Manifest hpa = named(manifests, "HorizontalPodAutoscaler", "telprov-" + service);
            assertThat((Integer) hpa.at("spec.minReplicas").orElseThrow()).isGreaterThanOrEqualTo(2);
        }
        assertThat(ofKind(manifests, "PodDisruptionBudget")).extracting(Manifest::name)
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "telprov-" + s).toList());
    }

    private static String linkSecret(List<Manifest> manifests, String secret) {
        return secretValue(manifests, secret, "secret");
    }

    private static String secretValue(List<Manifest> manifests, String secret, String key) {
        return new String(Base64.getDecoder().decode((String) named(manifests, "Secret", secret).mapAt("data").get(key)),
                StandardCharsets.UTF_8);
    }

    /** Whether an Ingress Prefix path matches a request path (element-wise, as Kubernetes defines Prefix). */
    private static boolean matchesPrefix(String prefix, String path) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(p) || path.startsWith(p + "/");
    }

    /** A Quarkus MemorySize in bytes: digits and an optional unit, powers of 1024. */
    private static long memorySize(String size) {
        Matcher m = Pattern.compile("([0-9]+)([BbKkMmGgTt]?)").matcher(size);
        assertThat(m.matches()).as("memory size %s", size).isTrue();
        int shift = switch (m.group(2).toUpperCase()) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** An nginx size (client_max_body_size): digits and an optional k, m or g. */
    private static long nginxSize(String size) {
        assertThat(size).as("nginx size").matches("[0-9]+[kKmMgG]?");
        return memorySize(size);
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) Manifest.map(Manifest.map(container.get(probe)).get("httpGet")).get("path");
    }

    private static Map<String, Long> kinds(List<Manifest> manifests) {
        return manifests.stream().collect(Collectors.groupingBy(Manifest::kind, Collectors.counting()));
    }

    private static Map<String, Set<String>> routes(Manifest ingress) {
        Map<String, Set<String>> routes = new HashMap<>();
        for (Object rule : ingress.listAt("spec.rules")) {
            for (Object p : Manifest.list(Manifest.map(Manifest.map(rule).get("http")).get("paths"))) {
                Map<String, Object> path = Manifest.map(p);
                String service = (String) Manifest.map(Manifest.map(path.get("backend")).get("service")).get("name");
                routes.computeIfAbsent(service, s -> new TreeSet<>()).add((String) path.get("path"));
            }
        }
        return routes;
    }

    /** A variable read from a Secret. */
    record SecretRef(String secret, String key) {
    }

    /** The environment of the first container of a Deployment. */
    private static Map<String, Object> environment(List<Manifest> manifests, String deployment) {
        return environment(manifests, Manifest.map(named(manifests, "Deployment", deployment)
                .listAt("spec.template.spec.containers").get(0)));
    }

    /** The container's environment: its ConfigMaps' data, then its own variables (Secret references as SecretRef). */
    private static Map<String, Object> environment(List<Manifest> manifests, Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        for (Object source : Manifest.list(container.get("envFrom"))) {
            String name = (String) Manifest.map(Manifest.map(source).get("configMapRef")).get("name");
            if (name != null) {
                env.putAll(named(manifests, "ConfigMap", name).mapAt("data"));
            }
        }
        for (Object e : Manifest.list(container.get("env"))) {
            Map<String, Object> variable = Manifest.map(e);
            Map<String, Object> secret = Manifest.map(Manifest.map(variable.get("valueFrom")).get("secretKeyRef"));
            env.put((String) variable.get("name"), secret.isEmpty() ? variable.get("value")
                    : new SecretRef((String) secret.get("name"), (String) secret.get("key")));
        }
        return env;
    }
}
