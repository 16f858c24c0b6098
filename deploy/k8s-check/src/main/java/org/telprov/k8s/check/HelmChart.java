package org.telprov.k8s.check;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A chart directory, linted and rendered by the real Helm 3 engine (helm-java's bundled library). */
public final class HelmChart {

    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); helm-java otherwise assumes 1.20. */
    public static final String DEFAULT_KUBE_VERSION = "1.30.0";

    private final Path directory;

    public HelmChart(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** `helm lint --strict`: warnings count as failures. */
    public LintResult lintStrict() {
        return new Helm(directory).lint().strict().call();
    }

    /** A `helm template` run: release name, namespace, values files in order, then --set values. */
    public Render render() {
        return new Render();
    }

    /** Builder of one rendering. */
    public final class Render {
        private String release = "telprov";
        private String namespace = "telprov";
        private String kubeVersion = DEFAULT_KUBE_VERSION;
        private final List<Path> valuesFiles = new ArrayList<>();
        private final Map<String, Object> sets = new LinkedHashMap<>();

        public Render release(String name) {
            this.release = name;
            return this;
        }

        public Render namespace(String name) {
            this.namespace = name;
            return this;
        }

        public Render kubeVersion(String version) {
            this.kubeVersion = version;
            return this;
        }

        public Render values(Path file) {
            valuesFiles.add(file);
            return this;
        }

        public Render set(String key, Object value) {
            sets.put(key, value);
            return this;
        }

        /** The rendered YAML; throws IllegalStateException with Helm's message when rendering fails. */
        public String yaml() {
            TemplateCommand command = new Helm(directory).template()
                    .withName(release).withNamespace(namespace).withKubeVersion(kubeVersion);
            for (Path file : valuesFiles) {
                command = command.withValuesFile(file);
            }
            for (Map.Entry<String, Object> set : sets.entrySet()) {
                command = command.set(set.getKey(), set.getValue());
            }
            return command.call();
        }

        public List<Manifest> manifests() {
            return Manifests.parse(yaml());
        }

        @Override
        public String toString() {
            return "helm template " + release + " " + directory + " -n " + namespace + " --kube-version " + kubeVersion
                    + valuesFiles.stream().map(f -> " -f " + f.getFileName()).reduce("", String::concat)
                    + sets.entrySet().stream().map(e -> " --set " + e.getKey() + "=" + e.getValue()).reduce("", String::concat);
        }
    }
}
