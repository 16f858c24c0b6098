package org.telprov.k8s.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks across the manifests of one render: what each selector selects and what each reference names. A
 * reference to a ConfigMap, Secret or claim that the render does not contain is not a violation (it may exist in the
 * cluster); {@link #external} lists them so that a test can compare them with the values that name them.
 */
public final class References {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private References() {
    }

    static List<Violation> check(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Manifest m : manifests) {
            String key = m.apiVersion().replaceAll("/.*", "") + "/" + m.kind() + "/" + m.namespace() + "/" + m.name();
            if (!seen.add(key)) {
                violations.add(new Violation(m.id(), "metadata.name", "rendered twice in namespace \"" + m.namespace() + "\""));
            }
        }
        for (Manifest m : manifests) {
            switch (m.kind()) {
                case "Deployment", "StatefulSet", "DaemonSet" -> workload(m, manifests, violations);
                case "Service" -> service(m, manifests, violations);
                case "Ingress" -> ingress(m, manifests, violations);
                case "HorizontalPodAutoscaler" -> scaleTarget(m, manifests, violations);
                case "PodDisruptionBudget" -> selects(m, "spec.selector.matchLabels", manifests, violations);
                case "NetworkPolicy" -> networkPolicy(m, manifests, violations);
                case "ServiceMonitor" -> serviceMonitor(m, manifests, violations);
                default -> {
                }
            }
        }
        return violations;
    }

    /** "Kind/name" of every ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount referenced but not rendered. */
    public static Set<String> external(List<Manifest> manifests) {
        Set<String> external = new TreeSet<>();
        for (Manifest m : manifests) {
            if (!WORKLOADS.contains(m.kind())) {
                continue;
            }
            Map<String, Object> pod = m.mapAt("spec.template.spec");
            Object account = pod.get("serviceAccountName");
            if (account instanceof String name && find(manifests, "ServiceAccount", m.namespace(), name) == null
                    && !"default".equals(name)) {
                external.add("ServiceAccount/" + name);
            }
            for (Object volume : Manifest.list(pod.get("volumes"))) {
                Map<String, Object> v = Manifest.map(volume);
                reference(manifests, m, "PersistentVolumeClaim", Manifest.map(v.get("persistentVolumeClaim")).get("claimName"), external);
                reference(manifests, m, "ConfigMap", Manifest.map(v.get("configMap")).get("name"), external);
                reference(manifests, m, "Secret", Manifest.map(v.get("secret")).get("secretName"), external);
            }
            for (Map<String, Object> container : containers(pod)) {
                for (Object source : Manifest.list(container.get("envFrom"))) {
                    reference(manifests, m, "ConfigMap", Manifest.map(Manifest.map(source).get("configMapRef")).get("name"), external);
                    reference(manifests, m, "Secret", Manifest.map(Manifest.map(source).get("secretRef")).get("name"), external);
                }
                for (Object env : Manifest.list(container.get("env"))) {
                    Map<String, Object> from = Manifest.map(Manifest.map(env).get("valueFrom"));
                    reference(manifests, m, "ConfigMap", Manifest.map(from.get("configMapKeyRef")).get("name"), external);
                    reference(manifests, m, "Secret", Manifest.map(from.get("secretKeyRef")).get("name"), external);
                }
            }
        }
        return external;
    }

    private static void reference(List<Manifest> manifests, Manifest from, String kind, Object name, Set<String> external) {
        if (name instanceof String n && find(manifests, kind, from.namespace(), n) == null) {
            external.add(kind + "/" + n);
        }
    }

    private static void workload(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        Map<String, Object> podLabels = m.mapAt("spec.template.metadata.labels");
        Map<String, Object> selector = m.mapAt("spec.selector.matchLabels");
        if (selector.isEmpty() || !matches(selector, podLabels)) {
            violations.add(new Violation(m.id(), "spec.selector", "does not select the pod template's labels " + podLabels));
        }
        Map<String, Object> pod = m.mapAt("spec.template.spec");
        Set<String> volumes = Manifest.list(pod.get("volumes")).stream()
                .map(v -> String.valueOf(Manifest.map(v).get("name"))).collect(Collectors.toSet());
        List<Map<String, Object>> containers = containers(pod);
        for (int i = 0; i < containers.size(); i++) {
            Map<String, Object> container = containers.get(i);
            String path = "spec.template.spec.containers[" + i + "]";
            for (Object mount : Manifest.list(container.get("volumeMounts"))) {
                Object name = Manifest.map(mount).get("name");
                if (!volumes.contains(String.valueOf(name))) {
                    violations.add(new Violation(m.id(), path + ".volumeMounts", "mounts volume \"" + name + "\", which the pod does not declare"));
                }
            }
            Set<String> ports = portNames(container);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> p = Manifest.map(container.get(probe));
                for (String action : List.of("httpGet", "tcpSocket", "grpc")) {
                    Object port = Manifest.map(p.get(action)).get("port");
                    if (port instanceof String name && !ports.contains(name)) {
                        violations.add(new Violation(m.id(), path + "." + probe, "probes port \"" + name + "\", which the container does not name"));
                    }
                }
            }
            for (Object env : Manifest.list(container.get("env"))) {
                Map<String, Object> from = Manifest.map(Manifest.map(env).get("valueFrom"));
                keyExists(manifests, m, "ConfigMap", Manifest.map(from.get("configMapKeyRef")), path, violations);
                keyExists(manifests, m, "Secret", Manifest.map(from.get("secretKeyRef")), path, violations);
            }
        }
    }

    private static void keyExists(List<Manifest> manifests, Manifest from, String kind, Map<String, Object> ref,
                                  String path, List<Violation> violations) {
        if (!(ref.get("name") instanceof String name) || !(ref.get("key") instanceof String key)) {
            return;
        }
        Manifest target = find(manifests, kind, from.namespace(), name);
        if (target != null && !target.mapAt("data").containsKey(key) && !target.mapAt("stringData").containsKey(key)) {
            violations.add(new Violation(from.id(), path + ".env", kind + "/" + name + " has no key \"" + key + "\""));
        }
    }

    private static void service(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        Map<String, Object> selector = m.mapAt("spec.selector");
        List<Manifest> selected = podTemplates(manifests, m.namespace(), selector);
        if (selected.isEmpty()) {
            violations.add(new Violation(m.id(), "spec.selector", selector + " selects no rendered pod template"));
            return;
        }
        for (Object port : m.listAt("spec.ports")) {
            Object target = Manifest.map(port).get("targetPort");
            if (target instanceof String name && selected.stream().noneMatch(w -> podPortNames(w).contains(name))) {
                violations.add(new Violation(m.id(), "spec.ports", "targetPort \"" + name + "\" is not a port name of the selected pods"));
            }
        }
    }

    private static void ingress(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        List<Map<String, Object>> backends = new ArrayList<>();
        backends.add(Manifest.map(m.mapAt("spec.defaultBackend").get("service")));
        for (Object rule : m.listAt("spec.rules")) {
            for (Object path : Manifest.list(Manifest.map(Manifest.map(rule).get("http")).get("paths"))) {
                backends.add(Manifest.map(Manifest.map(Manifest.map(path).get("backend")).get("service")));
            }
        }
        for (Map<String, Object> backend : backends) {
            if (backend.isEmpty()) {
                continue;
            }
            String name = String.valueOf(backend.get("name"));
            Manifest service = find(manifests, "Service", m.namespace(), name);
            if (service == null) {
                violations.add(new Violation(m.id(), "spec.rules", "routes to Service \"" + name + "\", which is not rendered"));
                continue;
            }
            Map<String, Object> port = Manifest.map(backend.get("port"));
            boolean found = service.listAt("spec.ports").stream().map(Manifest::map).anyMatch(p ->
                    port.containsKey("name") ? Objects.equals(p.get("name"), port.get("name"))
                            : Objects.equals(p.get("port"), port.get("number")));
            if (!found) {
                violations.add(new Violation(m.id(), "spec.rules", "Service \"" + name + "\" has no port " + port));
            }
        }
    }

    private static void scaleTarget(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        Map<String, Object> target = m.mapAt("spec.scaleTargetRef");
        if (find(manifests, String.valueOf(target.get("kind")), m.namespace(), String.valueOf(target.get("name"))) == null) {
            violations.add(new Violation(m.id(), "spec.scaleTargetRef", target + " is not rendered"));
        }
    }

    private static void networkPolicy(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        List<Manifest> selected = selects(m, "spec.podSelector.matchLabels", manifests, violations);
        Set<String> names = new HashSet<>();
        selected.forEach(w -> names.addAll(podPortNames(w)));
        for (Object rule : m.listAt("spec.ingress")) {
            for (Object port : Manifest.list(Manifest.map(rule).get("ports"))) {
                if (Manifest.map(port).get("port") instanceof String name && !names.contains(name)) {
                    violations.add(new Violation(m.id(), "spec.ingress", "port \"" + name + "\" is not a port name of the selected pods"));
                }
            }
        }
    }

    private static void serviceMonitor(Manifest m, List<Manifest> manifests, List<Violation> violations) {
        Map<String, Object> selector = m.mapAt("spec.selector.matchLabels");
        List<Object> namespaces = Manifest.list(m.mapAt("spec.namespaceSelector").get("matchNames"));
        List<Manifest> services = manifests.stream()
                .filter(s -> s.kind().equals("Service") && matches(selector, s.mapAt("metadata.labels")))
                .filter(s -> namespaces.isEmpty() ? s.namespace().equals(m.namespace()) : namespaces.contains(s.namespace()))
                .toList();
        if (services.isEmpty()) {
            violations.add(new Violation(m.id(), "spec.selector", selector + " selects no rendered Service"));
            return;
        }
        for (Object endpoint : m.listAt("spec.endpoints")) {
            Object port = Manifest.map(endpoint).get("port");
            if (port != null && services.stream().noneMatch(s -> s.listAt("spec.ports").stream()
                    .anyMatch(p -> port.equals(Manifest.map(p).get("name"))))) {
                violations.add(new Violation(m.id(), "spec.endpoints", "port \"" + port + "\" is not a port name of the selected Services"));
            }
        }
    }

    private static List<Manifest> selects(Manifest m, String selectorPath, List<Manifest> manifests, List<Violation> violations) {
        Map<String, Object> selector = m.mapAt(selectorPath);
        List<Manifest> selected = podTemplates(manifests, m.namespace(), selector);
        if (selected.isEmpty()) {
            violations.add(new Violation(m.id(), selectorPath, selector + " selects no rendered pod template"));
        }
        return selected;
    }

    private static List<Manifest> podTemplates(List<Manifest> manifests, String namespace, Map<String, Object> selector) {
        return manifests.stream()
                .filter(w -> WORKLOADS.contains(w.kind()) && w.namespace().equals(namespace))
                .filter(w -> matches(selector, w.mapAt("spec.template.metadata.labels")))
                .toList();
    }

    private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    private static Manifest find(List<Manifest> manifests, String kind, String namespace, String name) {
        return manifests.stream()
                .filter(m -> m.kind().equals(kind) && m.name().equals(name) && m.namespace().equals(namespace))
                .findFirst().orElse(null);
    }

    private static List<Map<String, Object>> containers(Map<String, Object> pod) {
        List<Map<String, Object>> containers = new ArrayList<>();
        Manifest.list(pod.get("initContainers")).forEach(c -> containers.add(Manifest.map(c)));
        Manifest.list(pod.get("containers")).forEach(c -> containers.add(Manifest.map(c)));
        return containers;
    }

    private static Set<String> portNames(Map<String, Object> container) {
        return Manifest.list(container.get("ports")).stream()
                .map(p -> Manifest.map(p).get("name")).filter(Objects::nonNull).map(String::valueOf)
                .collect(Collectors.toSet());
    }

    private static Set<String> podPortNames(Manifest workload) {
        Set<String> names = new HashSet<>();
        containers(workload.mapAt("spec.template.spec")).forEach(c -> names.addAll(portNames(c)));
        return names;
    }
}
