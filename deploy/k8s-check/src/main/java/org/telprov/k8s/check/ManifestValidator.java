package org.telprov.k8s.check;

import io.kubernetes.client.custom.QuantityFormatException;
import io.kubernetes.client.custom.QuantityFormatter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.telprov.k8s.check.Shape.EnumShape;
import org.telprov.k8s.check.Shape.ListShape;
import org.telprov.k8s.check.Shape.MapShape;
import org.telprov.k8s.check.Shape.ObjectShape;
import org.telprov.k8s.check.Shape.Scalar;

/**
 * Validates rendered manifests as a strict API server would: every field must exist in the kind's API model and have
 * its type, required fields must be present, names, labels and ports must be well-formed. Then checks what only
 * shows across resources: selectors that select something, and references to Services, ports, volumes, ConfigMaps
 * and Secrets that exist.
 */
public final class ManifestValidator {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private final ApiModels models = new ApiModels();

    /** Every violation of every manifest, then those across manifests. Empty when the set would apply cleanly. */
    public List<Violation> validate(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest manifest : manifests) {
            violations.addAll(validate(manifest));
        }
        violations.addAll(References.check(manifests));
        return violations;
    }

    /** The violations of one manifest on its own. */
    public List<Violation> validate(Manifest manifest) {
        List<Violation> violations = new ArrayList<>();
        String resource = manifest.id() + " (" + manifest.source() + ")";
        Optional<Shape> shape = models.resource(manifest.apiVersion(), manifest.kind());
        if (shape.isEmpty()) {
            violations.add(new Violation(resource, "", "no API model for apiVersion \"" + manifest.apiVersion()
                    + "\" kind \"" + manifest.kind() + "\" (removed or misspelt API? known: " + ApiModels.knownKinds() + ")"));
            return violations;
        }
        new Walk(resource, violations).value(manifest.document(), shape.get(), "");
        String name = manifest.name();
        if (name.isEmpty()) {
            violations.add(new Violation(resource, "metadata.name", "missing"));
        } else if ("Service".equals(manifest.kind())) {
            checkName(resource, "metadata.name", name, DNS_1035_LABEL, 63, violations);
        } else {
            checkName(resource, "metadata.name", name, DNS_SUBDOMAIN, 253, violations);
        }
        if (!manifest.namespace().isEmpty()) {
            checkName(resource, "metadata.namespace", manifest.namespace(), DNS_LABEL, 63, violations);
        }
        return violations;
    }

    private static void checkName(String resource, String path, String value, Pattern pattern, int maxLength,
                                  List<Violation> violations) {
        if (value.length() > maxLength || !pattern.matcher(value).matches()) {
            violations.add(new Violation(resource, path, "\"" + value + "\" is not a valid name (" + pattern.pattern()
                    + ", at most " + maxLength + " characters)"));
        }
    }

    /** Walks one document along its shape. */
    private static final class Walk {
        private final String resource;
        private final List<Violation> violations;

        Walk(String resource, List<Violation> violations) {
            this.resource = resource;
            this.violations = violations;
        }

        void value(Object value, Shape shape, String path) {
            if (value == null) {
                return; // null is "not set" in JSON
            }
            if (shape instanceof ObjectShape object) {
                object(value, object, path);
            } else if (shape instanceof ListShape list) {
                if (!(value instanceof List<?> items)) {
                    fail(path, "expected a list, got " + describe(value));
                    return;
                }
                for (int i = 0; i < items.size(); i++) {
                    value(items.get(i), list.element(), path + "[" + i + "]");
                }
            } else if (shape instanceof MapShape map) {
                if (!(value instanceof Map<?, ?> entries)) {
                    fail(path, "expected a map, got " + describe(value));
                    return;
                }
                entries.forEach((key, entry) -> {
                    if (!(key instanceof String)) {
                        fail(path, "map key " + key + " is not a string");
                    }
                    value(entry, map.value(), child(path, String.valueOf(key)));
                });
            } else if (shape instanceof EnumShape enumeration) {
                if (!(value instanceof String s) || !enumeration.values().contains(s)) {
                    fail(path, "expected one of " + enumeration.values() + ", got " + describe(value));
                }
            } else {
                scalar(value, (Scalar) shape, path);
            }
        }

        private void object(Object value, ObjectShape shape, String path) {
            if (!(value instanceof Map<?, ?> fields)) {
                fail(path, "expected an object (" + shape.typeName + "), got " + describe(value));
                return;
            }
            fields.forEach((key, field) -> {
                String name = String.valueOf(key);
                Shape fieldShape = shape.properties.get(name);
                if (fieldShape == null) {
                    fail(child(path, name), "unknown field \"" + name + "\" in " + shape.typeName + suggestion(name, shape));
                } else {
                    value(field, fieldShape, child(path, name));
                }
            });
            for (String required : shape.required) {
                if (fields.get(required) == null) {
                    fail(child(path, required), "missing required field \"" + required + "\" of " + shape.typeName);
                }
            }
            semantics(Manifest.map(value), shape.typeName, path);
        }

        /** What the API server validates beyond the OpenAPI document, for the types charts get wrong most. */
        private void semantics(Map<String, Object> fields, String type, String path) {
            switch (type) {
                case "V1ObjectMeta" -> {
                    labels(Manifest.map(fields.get("labels")), child(path, "labels"));
                    Manifest.map(fields.get("annotations")).keySet()
                            .forEach(key -> qualifiedName(key, child(path, "annotations")));
                }
                case "V1LabelSelector", "LabelSelector" ->
                        labels(Manifest.map(fields.get("matchLabels")), child(path, "matchLabels"));
                case "V1Container", "V1Volume", "V1ServicePort" -> {
                    if (fields.get("name") instanceof String name) {
                        pattern(name, DNS_LABEL, 63, child(path, "name"));
                    }
                }
                case "V1ContainerPort" -> {
                    if (fields.get("name") instanceof String name) {
                        portName(name, child(path, "name"));
                    }
                }
                case "V1EnvVar" -> {
                    if (fields.get("name") instanceof String name) {
                        pattern(name, ENV_VAR_NAME, Integer.MAX_VALUE, child(path, "name"));
                    }
                }
                case "V1ConfigMap", "V1Secret" -> {
                    for (String section : List.of("data", "stringData", "binaryData")) {
                        Manifest.map(fields.get(section)).keySet()
                                .forEach(key -> pattern(key, CONFIG_KEY, 253, child(path, section)));
                    }
                }
                case "V1HTTPGetAction", "V1TCPSocketAction", "V1GRPCAction" -> {
                    if (fields.get("port") instanceof String name) {
                        portName(name, child(path, "port"));
                    }
                }
                default -> {
                }
            }
        }

        private void labels(Map<String, Object> labels, String path) {
            labels.forEach((key, value) -> {
                qualifiedName(key, path);
                if (value instanceof String text && !text.isEmpty()) {
                    pattern(text, QUALIFIED_NAME, 63, child(path, key));
                }
            });
        }

        private void qualifiedName(String key, String path) {
            int slash = key.indexOf('/');
            if (slash >= 0) {
                pattern(key.substring(0, slash), DNS_SUBDOMAIN, 253, path + " key prefix of " + key);
            }
            pattern(key.substring(slash + 1), QUALIFIED_NAME, 63, path + " key " + key);
        }

        private void portName(String name, String path) {
            if (name.length() > 15 || !IANA_SVC_NAME.matcher(name).matches() || name.contains("--")
                    || name.chars().noneMatch(Character::isLetter)) {
                fail(path, "\"" + name + "\" is not a valid port name (IANA_SVC_NAME: at most 15 lower-case letters, "
                        + "digits and single hyphens, with a letter)");
            }
        }

        private void pattern(String value, Pattern pattern, int maxLength, String path) {
            if (value.length() > maxLength || !pattern.matcher(value).matches()) {
                fail(path, "\"" + value + "\" must match " + pattern.pattern()
                        + (maxLength < Integer.MAX_VALUE ? " and have at most " + maxLength + " characters" : ""));
            }
        }

        private void scalar(Object value, Scalar scalar, String path) {
            boolean integral = value instanceof Integer || value instanceof Long || value instanceof BigInteger;
            switch (scalar) {
                case STRING -> expect(value instanceof String, value, "a string", path);
                case INTEGER -> expect(integral, value, "an integer", path);
                case NUMBER -> expect(value instanceof Number, value, "a number", path);
                case BOOLEAN -> expect(value instanceof Boolean, value, "a boolean", path);
                case INT_OR_STRING -> expect(integral || value instanceof String, value, "an integer or a string", path);
                case QUANTITY -> {
                    if (value instanceof String text) {
                        try {
                            new QuantityFormatter().parse(text);
                        } catch (QuantityFormatException | NumberFormatException e) {
                            fail(path, "\"" + text + "\" is not a quantity (e.g. 500m, 1, 256Mi, 1Gi)");
                        }
                    } else {
                        expect(value instanceof Number, value, "a quantity", path);
                    }
                }
                case BASE64 -> {
                    if (!(value instanceof String text)) {
                        expect(false, value, "a base64 string", path);
                    } else {
                        try {
                            Base64.getDecoder().decode(text);
                        } catch (IllegalArgumentException e) {
                            fail(path, "not base64: " + e.getMessage());
                        }
                    }
                }
                case ANY -> {
                }
            }
        }

        private void expect(boolean ok, Object value, String expected, String path) {
            if (!ok) {
                fail(path, "expected " + expected + ", got " + describe(value));
            }
        }

        private void fail(String path, String message) {
            violations.add(new Violation(resource, path, message));
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private static String describe(Object value) {
            String type = value instanceof String ? "string" : value instanceof Boolean ? "boolean"
                    : value instanceof Number ? "number" : value instanceof Map ? "object"
                    : value instanceof List ? "list" : value.getClass().getSimpleName();
            String text = String.valueOf(value);
            return type + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
        }

        private static String suggestion(String name, ObjectShape shape) {
            return shape.properties.keySet().stream()
                    .filter(candidate -> distance(candidate.toLowerCase(), name.toLowerCase()) <= 2)
                    .min(Comparator.comparingInt(candidate -> distance(candidate, name)))
                    .map(candidate -> " (did you mean \"" + candidate + "\"?)")
                    .orElse("");
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
