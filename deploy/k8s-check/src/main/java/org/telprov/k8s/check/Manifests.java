package org.telprov.k8s.check;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits `helm template` output into manifests, reading YAML as the Kubernetes tools do. */
public final class Manifests {

    private static final Pattern SOURCE = Pattern.compile("^# Source: (.+)$", Pattern.MULTILINE);
    private static final Pattern SEPARATOR = Pattern.compile("^---\\s*$", Pattern.MULTILINE);

    private Manifests() {
    }

    /**
     * Parses every document. Like sigs.k8s.io/yaml (YAML 1.1 scalars: {@code on} and {@code yes} are booleans,
     * timestamps stay strings) and like a strict API server, a duplicate key is an error.
     */
    public static List<Manifest> parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        for (String chunk : SEPARATOR.split(rendered)) {
            Matcher source = SOURCE.matcher(chunk);
            String origin = source.find() ? source.group(1) : "(unknown template)";
            Object document;
            try {
                document = yaml().load(chunk);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
            }
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(origin + ": a manifest must be a YAML mapping, got: " + document);
            }
            manifests.add(new Manifest(origin, Manifest.map(document)));
        }
        return manifests;
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new GoYamlResolver());
    }

    /** SnakeYAML's YAML 1.1 resolver without timestamps, which Go's YAML-to-JSON conversion keeps as strings. */
    private static final class GoYamlResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
        }
    }
}
