package org.telprov.k8s.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One rendered resource: the parsed YAML document and where Helm rendered it from. */
public record Manifest(String source, Map<String, Object> document) {

    public String apiVersion() {
        return string(document.get("apiVersion"));
    }

    public String kind() {
        return string(document.get("kind"));
    }

    public String name() {
        return string(metadata().get("name"));
    }

    public String namespace() {
        return string(metadata().get("namespace"));
    }

    /** "Kind/name", how messages name a resource. */
    public String id() {
        return kind() + "/" + name();
    }

    public Map<String, Object> metadata() {
        return map(document.get("metadata"));
    }

    /** The value at a dotted path of map keys ("spec.template.spec"), if every step is there. */
    public Optional<Object> at(String path) {
        Object current = document;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            current = m.get(key);
        }
        return Optional.ofNullable(current);
    }

    public Map<String, Object> mapAt(String path) {
        return at(path).map(Manifest::map).orElse(Map.of());
    }

    public List<Object> listAt(String path) {
        return at(path).map(Manifest::list).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String string(Object value) {
        return value instanceof String s ? s : "";
    }
}
