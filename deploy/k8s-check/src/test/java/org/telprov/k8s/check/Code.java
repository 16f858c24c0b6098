package org.telprov.k8s.check;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services' code says about their settings and paths, read from the sources (the services are not
 * dependencies of this module): the {@code @ConfigMapping} interfaces of libs/ and services/, each service's
 * application.properties, its partner API paths. Deliberately simple parsing of the project's own style.
 */
final class Code {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    /** A mapping method: optional @WithDefault, then "Type name();" on a line of its own. */
    private static final Pattern METHOD = Pattern.compile(
            "(?m)(?:@WithDefault\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)\\s*)?^\\s*([\\w.]+)(?:<[^;()]*>)?\\s+(\\w+)\\(\\);");
    /** A JAX-RS path of the partner API; only resource classes' paths start with /api/, methods' are relative. */
    private static final Pattern API_PATH = Pattern.compile("@Path\\(\"(/api/[^\"]*)\"\\)");

    private Code() {
    }

    /** A setting of a {@code @ConfigMapping}: its property name and its {@code @WithDefault}, if any. */
    record Setting(String property, Optional<String> defaultValue) {

        /** The environment variable Quarkus maps to the property. */
        String env() {
            return Code.env(property);
        }
    }

    /** Every {@code @ConfigMapping} setting of libs/ and services/ main sources, by property name. */
    static Map<String, Setting> settings() {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Path file : javaSources()) {
            String source = read(file);
            Matcher mapping = MAPPING.matcher(source);
            if (mapping.find()) {
                Matcher top = INTERFACE.matcher(source);
                if (top.find(mapping.end())) {
                    String body = body(source, top.end() - 1);
                    collect(mapping.group(1), body, nestedInterfaces(body), settings);
                }
            }
        }
        return settings;
    }

    /** The environment variable of a property, as SmallRye Config maps it: upper case, every other character "_". */
    static String env(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * A service's configuration files: the META-INF/microprofile-config.properties of the libs it depends on (the
     * partner API's defaults, say), overridden by its application.properties, as Quarkus orders them.
     */
    static Properties applicationProperties(String service) {
        Properties properties = new Properties();
        for (String lib : libs(Charts.REPO.resolve("services").resolve(service))) {
            load(Charts.REPO.resolve("libs").resolve(lib).resolve("src/main/resources/META-INF/microprofile-config.properties"),
                    properties);
        }
        load(Charts.REPO.resolve("services").resolve(service).resolve("src/main/resources/application.properties"), properties);
        return properties;
    }

    /** The libs a module depends on outside tests, transitively, dependencies first. */
    private static List<String> libs(Path module) {
        List<String> libs = new ArrayList<>();
        Matcher dependency = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(read(module.resolve("pom.xml")));
        while (dependency.find()) {
            Matcher artifact = Pattern.compile("<artifactId>telprov-([\\w-]+)</artifactId>").matcher(dependency.group(1));
            if (artifact.find() && !dependency.group(1).contains("<scope>test</scope>")
                    && Files.isDirectory(Charts.REPO.resolve("libs").resolve(artifact.group(1)))) {
                for (String lib : libs(Charts.REPO.resolve("libs").resolve(artifact.group(1)))) {
                    if (!libs.contains(lib)) {
                        libs.add(lib);
                    }
                }
                if (!libs.contains(artifact.group(1))) {
                    libs.add(artifact.group(1));
                }
            }
        }
        return libs;
    }

    private static void load(Path file, Properties properties) {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value a service runs with in production: %prod., else unprofiled, in its configuration files, else the default. */
    static Optional<String> productionValue(String service, String property) {
        Properties properties = applicationProperties(service);
        String value = properties.getProperty("%prod." + property, properties.getProperty(property));
        return value != null ? Optional.of(value) : settings().get(property).defaultValue();
    }

    /** The partner API paths of a service's resource classes. */
    static Set<String> apiPaths(String service) {
        Set<String> paths = new TreeSet<>();
        for (Path file : javaSources(Charts.REPO.resolve("services").resolve(service).resolve("src/main/java"))) {
            Matcher path = API_PATH.matcher(read(file));
            while (path.find()) {
                paths.add(path.group(1));
            }
        }
        return paths;
    }

    /** A String constant of a service's class, e.g. the download path of the firmware service. */
    static String constant(String service, String className, String name) {
        for (Path file : javaSources(Charts.REPO.resolve("services").resolve(service).resolve("src/main/java"))) {
            if (file.getFileName().toString().equals(className + ".java")) {
                Matcher constant = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]*)\"").matcher(read(file));
                if (constant.find()) {
                    return constant.group(1);
                }
            }
        }
        throw new AssertionError("no constant " + className + "." + name + " in services/" + service);
    }

    /**
     * The dead-letter topics the service's consumers are configured with: SmallRye's failure strategy's and those the
     * batch listeners write themselves ({@code telprov.kafka.dead-letter-topics}).
     */
    static Set<String> deadLetterTopics(String service) {
        Set<String> topics = new TreeSet<>();
        applicationProperties(service).forEach((key, value) -> {
            if (String.valueOf(key).matches("(%\\w+\\.)?mp\\.messaging\\.incoming\\..*\\.dead-letter-queue\\.topic")) {
                topics.add(String.valueOf(value));
            }
            if (String.valueOf(key).matches("(%\\w+\\.)?telprov\\.kafka\\.dead-letter-topics")) {
                for (String topic : String.valueOf(value).split(",")) {
                    topics.add(topic.trim());
                }
            }
        });
        return topics;
    }

    /**
     * The names of the Micrometer meters of libs/ and services/ main sources (the literal a registry's counter, gauge or
     * timer method, a meter builder or a METRIC constant is given), as Prometheus names start: dots as
     * underscores, before unit and suffix. A name built around a variable ({@code "telprov." + service + ".probes"})
     * matches any lower-case word in its place.
     */
    static List<Pattern> meterNames() {
        String meter = "(?:\\b(?:counter|gauge|timer|summary|builder)\\(\\s*|\\bMETRIC\\s*=\\s*)";
        Pattern literal = Pattern.compile(meter + "\"(telprov\\.[a-z0-9.]+[a-z0-9])\"");
        Pattern built = Pattern.compile(meter + "\"(telprov\\.)\"\\s*\\+\\s*\\w+\\s*\\+\\s*\"(\\.[a-z0-9.]+)\"");
        Set<String> names = new TreeSet<>();
        for (Path file : javaSources()) {
            String source = read(file);
            Matcher name = literal.matcher(source);
            while (name.find()) {
                names.add(Pattern.quote(name.group(1).replace('.', '_')));
            }
            Matcher template = built.matcher(source);
            while (template.find()) {
                names.add(Pattern.quote(template.group(1).replace('.', '_')) + "[a-z]+"
                        + Pattern.quote(template.group(2).replace('.', '_')));
            }
        }
        return names.stream().map(Pattern::compile).toList();
    }

    private static void collect(String prefix, String body, Map<String, String> nested, Map<String, Setting> settings) {
        String own = body;
        for (String nestedBody : nested.values()) {
            own = own.replace(nestedBody, "");
        }
        Matcher method = METHOD.matcher(own);
        while (method.find()) {
            String type = method.group(2);
            String property = prefix + "." + kebab(method.group(3));
            if (nested.containsKey(type)) {
                String nestedBody = nested.get(type);
                collect(property, nestedBody, nestedInterfaces(nestedBody), settings);
            } else {
                settings.put(property, new Setting(property, Optional.ofNullable(method.group(1))));
            }
        }
    }

    /** The interfaces declared directly in a body, by name, with their bodies. */
    private static Map<String, String> nestedInterfaces(String body) {
        Map<String, String> nested = new HashMap<>();
        Matcher matcher = INTERFACE.matcher(body);
        int from = 0;
        while (matcher.find(from)) {
            String nestedBody = body(body, matcher.end() - 1);
            nested.put(matcher.group(1), nestedBody);
            from = matcher.end() - 1 + nestedBody.length();
        }
        return nested;
    }

    /** The text between the brace at {@code open} and its matching brace. */
    private static String body(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(open + 1, i);
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static List<Path> javaSources() {
        List<Path> roots = new ArrayList<>();
        for (String group : List.of("libs", "services")) {
            try (Stream<Path> modules = Files.list(Charts.REPO.resolve(group))) {
                modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return roots.stream().flatMap(root -> javaSources(root).stream()).toList();
    }

    private static List<Path> javaSources(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
