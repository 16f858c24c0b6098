package org.telprov.k8s.check;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator on small hand-written manifests: what a strict API server would refuse, it reports. */
class ManifestValidatorTest {

    private static final String DEPLOYMENT = """
            # Source: test/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: demo
              labels:
                app: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: "example/web:1"
                      ports:
                        - name: http
                          containerPort: 8080
                      env:
                        - name: PORT
                          value: "8080"
                      readinessProbe:
                        httpGet:
                          path: /q/health/ready
                          port: http
                      resources:
                        requests:
                          memory: 256Mi
                          cpu: 100m
                      volumeMounts:
                        - name: tmp
                          mountPath: /tmp
                  volumes:
                    - name: tmp
                      emptyDir: {}
            """;

    private static final String SERVICE = """
            ---
            # Source: test/service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: demo
            spec:
              selector:
                app: web
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """;

    private final ManifestValidator validator = new ManifestValidator();

    private List<String> violations(String yaml) {
        return validator.validate(Manifests.parse(yaml)).stream().map(Violation::toString).toList();
    }

    @Test
    void aWellFormedDeploymentAndServicePass() {
        assertThat(violations(DEPLOYMENT + SERVICE)).isEmpty();
    }

    @Test
    void aMisspeltFieldIsRefusedWithTheFieldItMeant() {
        assertThat(violations(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:")))
                .singleElement().asString()
                .contains("spec.template.spec.containers[0].readinesProbe")
                .contains("unknown field \"readinesProbe\" in V1Container")
                .contains("did you mean \"readinessProbe\"");
    }

    @Test
    void aFieldAtTheWrongLevelIsRefused() {
        assertThat(violations(DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  containers: []")))
                .singleElement().asString().contains("unknown field \"containers\" in V1DeploymentSpec");
    }

    @Test
    void aNumberWhereTheApiWantsAStringIsRefused() {
        assertThat(violations(DEPLOYMENT.replace("value: \"8080\"", "value: 8080")))
                .singleElement().asString()
                .contains("containers[0].env[0].value").contains("expected a string, got number 8080");
    }

    @Test
    void aStringWhereTheApiWantsAnIntegerIsRefused() {
        assertThat(violations(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
                .singleElement().asString().contains("spec.replicas: expected an integer, got string 2");
        assertThat(violations(DEPLOYMENT.replace("containerPort: 8080", "containerPort: 8080.5")))
                .singleElement().asString().contains("expected an integer");
    }

    @Test
    void yamlIsReadAsKubernetesReadsIt() {
        // YAML 1.1: an unquoted "on" is a boolean, and label values must be strings.
        assertThat(violations(DEPLOYMENT.replace("    app: web\nspec:", "    app: web\n    tls: on\nspec:")))
                .singleElement().asString().contains("metadata.labels.tls: expected a string, got boolean true");
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  replicas: 3")))
                .hasMessageContaining("test/deployment.yaml").hasMessageContaining("duplicate key replicas");
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        assertThat(violations(DEPLOYMENT.replace("- name: web\n          image:", "- image:")))
                .anySatisfy(v -> assertThat(v).contains("missing required field \"name\" of V1Container"));
        String ingress = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                  namespace: demo
                spec:
                  rules:
                    - http:
                        paths:
                          - path: /
                            backend:
                              service:
                                name: web
                                port:
                                  name: http
                """;
        assertThat(violations(DEPLOYMENT + SERVICE + "---\n" + ingress))
                .singleElement().asString().contains("missing required field \"pathType\" of V1HTTPIngressPath");
    }

    @Test
    void malformedQuantitiesNamesAndPortNamesAreRefused() {
        assertThat(violations(DEPLOYMENT.replace("memory: 256Mi", "memory: 256mb")))
                .singleElement().asString().contains("\"256mb\" is not a quantity");
        assertThat(violations(DEPLOYMENT.replace("  name: web\n  namespace", "  name: Web_App\n  namespace")))
                .singleElement().asString().contains("metadata.name").contains("not a valid name");
        assertThat(violations(DEPLOYMENT.replace("name: http", "name: http-for-the-partners").replace("port: http", "port: http-for-the-partners")))
                .anySatisfy(v -> assertThat(v).contains("not a valid port name"));
    }

    @Test
    void removedAndUnknownApisAreRefused() {
        assertThat(violations(DEPLOYMENT.replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1")))
                .anySatisfy(v -> assertThat(v).contains("no API model for apiVersion \"extensions/v1beta1\" kind \"Deployment\""));
        assertThat(violations(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet")))
                .anySatisfy(v -> assertThat(v).contains("no API model"));
    }

    @Test
    void customResourcesAreCheckedAgainstTheirOwnersModels() {
        String monitor = """
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata:
                  name: web
                  namespace: demo
                spec:
                  selector:
                    matchLabels:
                      app: web
                  endpoints:
                    - port: http
                      path: /q/metrics
                      interval: 30s
                """;
        String service = SERVICE.replace("  name: web\n  namespace: demo\n", "  name: web\n  namespace: demo\n  labels:\n    app: web\n");
        assertThat(violations(DEPLOYMENT + service + monitor)).isEmpty();
        assertThat(violations(DEPLOYMENT + service + monitor.replace("interval:", "intervall:")))
                .singleElement().asString().contains("unknown field \"intervall\"").contains("did you mean \"interval\"");
        assertThat(violations(DEPLOYMENT + service + monitor.replace("port: http", "port: metrics")))
                .singleElement().asString().contains("port \"metrics\" is not a port name of the selected Services");

        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: inventory-devices
                  labels:
                    strimzi.io/cluster: kafka
                spec:
                  partitions: 3
                  replicas: 3
                  config:
                    cleanup.policy: compact
                """;
        assertThat(violations(topic)).isEmpty();
        assertThat(violations(topic.replace("partitions: 3", "partitions: three")))
                .singleElement().asString().contains("spec.partitions: expected an integer");
        assertThat(violations(topic.replace("replicas: 3", "replication: 3")))
                .singleElement().asString().contains("unknown field \"replication\" in KafkaTopicSpec");
    }

    @Test
    void brokenReferencesBetweenResourcesAreReported() {
        assertThat(violations(DEPLOYMENT + SERVICE.replace("app: web", "app: api")))
                .singleElement().asString().contains("Service/web spec.selector").contains("selects no rendered pod template");
        assertThat(violations(DEPLOYMENT + SERVICE.replace("targetPort: http", "targetPort: web")))
                .singleElement().asString().contains("targetPort \"web\" is not a port name");
        assertThat(violations(DEPLOYMENT.replace("mountPath: /tmp", "mountPath: /tmp\n            - name: cache\n              mountPath: /cache")))
                .singleElement().asString().contains("mounts volume \"cache\"");
        assertThat(violations(DEPLOYMENT.replace("port: http", "port: web")))
                .singleElement().asString().contains("probes port \"web\"");
        assertThat(violations(DEPLOYMENT.replace("matchLabels:\n      app: web", "matchLabels:\n      app: api")))
                .singleElement().asString().contains("does not select the pod template's labels");
        assertThat(violations(DEPLOYMENT + SERVICE + SERVICE)).singleElement().asString().contains("rendered twice");
        String hpa = """
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: web
                  namespace: demo
                spec:
                  scaleTargetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: webb
                  minReplicas: 2
                  maxReplicas: 4
                """;
        assertThat(violations(DEPLOYMENT + hpa)).singleElement().asString().contains("scaleTargetRef");
    }

    @Test
    void secretKeysAreCheckedWhenTheSecretIsRendered_andListedAsExternalOtherwise() {
        String withSecretRef = DEPLOYMENT.replace("              value: \"8080\"\n", String.join("\n",
                "              value: \"8080\"",
                "            - name: PASSWORD",
                "              valueFrom:",
                "                secretKeyRef:",
                "                  name: db",
                "                  key: password",
                ""));
        String secret = """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  namespace: demo
                stringData:
                  pasword: x
                """;
        assertThat(violations(withSecretRef + secret)).singleElement().asString().contains("Secret/db has no key \"password\"");
        assertThat(violations(withSecretRef)).isEmpty();
        assertThat(References.external(Manifests.parse(withSecretRef))).containsExactly("Secret/db");
    }
}
