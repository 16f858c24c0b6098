package org.telprov.k8s.check;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check fails when the chart is broken: copies of it with one mistake each, and values that are wrong. */
class BrokenChartTest {

    private final ManifestValidator validator = new ManifestValidator();

    private List<String> violations(Path chart) {
        return validator.validate(Charts.minimal(chart).manifests()).stream().map(Violation::toString).toList();
    }

    @Test
    void aMisspeltFieldInATemplateIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/deployment.yaml", "          readinessProbe:", "          readinesProbe:");
        assertThat(violations(chart)).hasSize(4).allSatisfy(v -> assertThat(v)
                .contains("(telprov/templates/deployment.yaml)")
                .contains("unknown field \"readinesProbe\" in V1Container (did you mean \"readinessProbe\"?)"));
    }

    @Test
    void aWrongTypeInATemplateIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/deployment.yaml", "containerPort: {{ $svc.port }}", "containerPort: {{ $svc.port | quote }}");
        Charts.edit(chart, "templates/hpa.yaml", "maxReplicas: {{ $svc.autoscaling.maxReplicas }}", "maxReplicas: \"{{ $svc.autoscaling.maxReplicas }}\"");
        assertThat(violations(chart))
                .anySatisfy(v -> assertThat(v).contains("Deployment/telprov-redirect")
                        .contains("spec.template.spec.containers[0].ports[0].containerPort: expected an integer, got string 8081"))
                .anySatisfy(v -> assertThat(v).contains("HorizontalPodAutoscaler/telprov-redirect")
                        .contains("spec.maxReplicas: expected an integer, got string 10"));
    }

    @Test
    void aBrokenReferenceInATemplateIsReported(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/service.yaml", "targetPort: http", "targetPort: web");
        assertThat(violations(chart)).hasSize(4)
                .allSatisfy(v -> assertThat(v).contains("targetPort \"web\" is not a port name of the selected pods"));
    }

    @Test
    void aTemplateSyntaxErrorFailsLintAndRendering(@TempDir Path temp) throws IOException {
        Path chart = Charts.copy(temp.resolve("telprov"));
        ChartLintTest.mergeIntoDefaults(chart, chart.resolve(Charts.MINIMAL));
        Charts.edit(chart, "templates/pdb.yaml", "{{- if and $svc.enabled $svc.pdb.enabled }}", "{{- if and $svc.enabled $svc.pdb.enabled }");
        LintResult lint = new HelmChart(chart).lintStrict();
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("pdb.yaml");
        assertThatThrownBy(() -> Charts.minimal(chart).yaml()).hasMessageContaining("pdb.yaml");
    }

    @Test
    void invalidYamlOutOfATemplateIsRefused(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/service.yaml", "  type: ClusterIP", "  type: ClusterIP\n   selector: {}");
        assertThatThrownBy(() -> Charts.minimal(chart).manifests()).hasMessageContaining("service.yaml");
    }

    @Test
    void valuesTheSchemaDoesNotKnowAreRefused() {
        assertThatThrownBy(() -> Charts.minimal().set("redirect.replica", 3).yaml())
                .hasMessageContaining("at '/redirect': additional properties 'replica' not allowed");
        assertThatThrownBy(() -> Charts.minimal().set("postgresql.hostname", "db").yaml())
                .hasMessageContaining("additional properties 'hostname' not allowed");
    }

    @Test
    void valuesOfTheWrongTypeOrRangeAreRefused() {
        assertThatThrownBy(() -> Charts.minimal().set("redirect.replicas", "three").yaml())
                .hasMessageContaining("at '/redirect/replicas': got string, want integer");
        assertThatThrownBy(() -> Charts.minimal().set("inventory.port", 80000).yaml())
                .hasMessageContaining("/inventory/port");
        assertThatThrownBy(() -> Charts.minimal().set("kafka.securityProtocol", "SASL").yaml())
                .hasMessageContaining("/kafka/securityProtocol");
        assertThatThrownBy(() -> Charts.minimal().set("redirect.resources.limits.memory", "768mb").yaml())
                .hasMessageContaining("/redirect/resources/limits/memory");
        assertThatThrownBy(() -> Charts.minimal().set("ingress.api.paths[0].service", "billing").yaml())
                .hasMessageContaining("/ingress/api/paths/0/service");
        assertThatThrownBy(() -> Charts.minimal().set("firmware.maxArtifactSize", "2GB").yaml())
                .hasMessageContaining("/firmware/maxArtifactSize");
        assertThatThrownBy(() -> Charts.minimal().set("inventory.checkinHistory", 0).yaml())
                .hasMessageContaining("/inventory/checkinHistory");
        assertThatThrownBy(() -> Charts.minimal().set("redirect.checkinHistory", 5).yaml())
                .hasMessageContaining("at '/redirect': additional properties 'checkinHistory' not allowed");
        assertThatThrownBy(() -> Charts.minimal().set("links.existingSecret", "links").set("links.secretKey", "").yaml())
                .hasMessageContaining("/links/secretKey");
    }

    /** podSecurityContext is passed through as it is: the manifest check, not the schema, catches a typo there. */
    @Test
    void aPassThroughValueThatBreaksAManifestIsReported() {
        List<Manifest> manifests = Charts.minimal().set("podSecurityContext.runAsNonroot", true).manifests();
        assertThat(validator.validate(manifests)).hasSize(4).allSatisfy(v -> assertThat(v.toString())
                .contains("spec.template.spec.securityContext.runAsNonroot")
                .contains("did you mean \"runAsNonRoot\""));
    }

    @Test
    void combinationsTheSchemaCannotExpressFailTheRender() {
        assertThatThrownBy(() -> Charts.minimal().set("firmware.replicas", 3).yaml())
                .hasMessageContaining("firmware: more than one replica").hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> Charts.minimal().set("provisioning.enabled", false).yaml())
                .hasMessageContaining("ingress.device.paths: /prov routes to provisioning, which is not enabled");
        assertThatThrownBy(() -> Charts.minimal().set("redirect.autoscaling.minReplicas", 20).yaml())
                .hasMessageContaining("redirect.autoscaling: minReplicas (20) is greater than maxReplicas (10)");
        assertThatThrownBy(() -> Charts.minimal().set("kafka.securityProtocol", "SASL_SSL").yaml())
                .hasMessageContaining("kafka.securityProtocol SASL_SSL needs credentials");
    }

    /** Without them every device file would point at the services' local defaults, 127.0.0.1. */
    @Test
    void theUrlsPhonesReachTheServicesAtAreRequired() {
        assertThatThrownBy(() -> Charts.chart().render().set("postgresql.auth.password", "x").yaml())
                .hasMessageContaining("/publicUrls/provisioning").hasMessageContaining("/publicUrls/firmware");
        assertThatThrownBy(() -> Charts.render("values-production.yaml").set("publicUrls.firmware", "").yaml())
                .hasMessageContaining("/publicUrls/firmware");
        assertThatThrownBy(() -> Charts.minimal().set("publicUrls.provisioning", "https://devices.example.com/").yaml())
                .as("no trailing slash: the services append /prov/...").hasMessageContaining("/publicUrls/provisioning");
        assertThatThrownBy(() -> Charts.minimal().set("publicUrls.provisioning", "devices.example.com").yaml())
                .hasMessageContaining("/publicUrls/provisioning");
        // a chart without provisioning renders no device files
        assertThat(Charts.minimal().set("publicUrls.provisioning", "").set("publicUrls.firmware", "")
                .set("provisioning.enabled", false).set("ingress.device.enabled", false)
                .set("ingress.api.enabled", false).manifests())
                .isNotEmpty();
    }

    /** The services refuse to start without database credentials in production; the chart refuses to render them. */
    @Test
    void anEmptyDatabasePasswordFailsTheRender() {
        assertThatThrownBy(() -> Charts.minimal().set("postgresql.auth.password", "").yaml())
                .hasMessageContaining("postgresql.auth.password is empty");
        assertThatThrownBy(() -> Charts.minimal().set("redirect.database.username", "redirect").yaml())
                .hasMessageContaining("redirect.database.password is empty");
        assertThat(Charts.minimal().set("postgresql.auth.password", "").set("postgresql.auth.existingSecret", "db")
                .manifests()).as("the password is in an existing Secret").isNotEmpty();
    }

    /** Any pod that reaches the redirect service could write the header: only the ingress controller may. */
    @Test
    void aForwardedClientCertificateHeaderNeedsANarrowedNetworkPolicy() {
        assertThatThrownBy(() -> Charts.minimal().set("clientCertificates.forwardedHeader", "ssl-client-cert")
                .set("clientCertificates.caSecret", "phone-vendor-cas").yaml())
                .hasMessageContaining("networkPolicy.ingressController.from");
        assertThatThrownBy(() -> Charts.minimal()
                .set("redirect.env.TELPROV_REDIRECT_CLIENT_CERTIFICATE_FORWARDED_HEADER", "ssl-client-cert").yaml())
                .as("set through the service's env").hasMessageContaining("networkPolicy.ingressController.from");
        assertThatThrownBy(() -> Charts.render("values-production.yaml")
                .set("clientCertificates.forwardedHeader", "ssl-client-cert")
                .set("clientCertificates.caSecret", "phone-vendor-cas").set("networkPolicy.enabled", false).yaml())
                .hasMessageContaining("networkPolicy.ingressController.from");
        assertThatThrownBy(() -> Charts.render("values-production.yaml")
                .set("clientCertificates.forwardedHeader", "ssl-client-cert").yaml())
                .hasMessageContaining("clientCertificates.forwardedHeader needs clientCertificates.caSecret");
    }

    /** The firmware service refuses a link secret under 32 bytes (SignedLinks.MIN_SECRET_BYTES): so does the chart. */
    @Test
    void aLinkSecretTooShortForTheServicesFailsTheRender() {
        assertThatThrownBy(() -> Charts.minimal().set("links.secret", "too-short").yaml())
                .hasMessageContaining("links.secret has 9 bytes: the signed-link secret needs at least 32");
        // Bytes, not characters, as the service counts them: 16 two-byte characters are just enough.
        assertThat(Charts.minimal().set("links.secret", "é".repeat(16)).manifests()).isNotEmpty();
        assertThatThrownBy(() -> Charts.minimal().set("links.secret", "é".repeat(15) + "x").yaml())
                .hasMessageContaining("links.secret has 31 bytes");
    }

    /**
     * Without a link secret the firmware service does not start. A chart that stopped writing its Secret would leave
     * the Deployments pointing at one nobody made: the render check reports it as a Secret to create by hand, which
     * a default install must not need (ChartRenderTest).
     */
    @Test
    void aMissingLinkSecretIsNoticed(@TempDir Path temp) {
        Path chart = Charts.copy(temp.resolve("telprov"));
        Charts.edit(chart, "templates/secrets.yaml",
                "{{- if and (include \"telprov.needsLinksSecret\" .) (not $links.existingSecret) }}", "{{- if false }}");
        List<Manifest> manifests = Charts.minimal(chart).manifests();
        assertThat(References.external(manifests)).containsExactly("Secret/telprov-links");
    }
}
