package org.telprov.provisioning;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No import cycle between the service's packages, read from the main sources'
 * {@code import org.telprov.provisioning…} lines. The imports listed in {@link #LEGACY} close cycles that predate the dialect packages and belong to the
 * release lookup being moved into memory; each must still exist (so the list only shrinks) and no other may close one.
 */
class PackageCyclesTest {

    private static final String ROOT = "org.telprov.provisioning";
    private static final Path SOURCES = Path.of("src/main/java/org/telprov/provisioning");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(org\\.telprov\\.provisioning\\.[\\w.]+);", Pattern.MULTILINE);

    /** Class → class imports that may close a cycle for now; see the class comment. */
    private static final Set<String> LEGACY = Set.of(
            "device.DeviceProjection -> file.DeviceReleaseCache",
            "firmware.FirmwareProjection -> file.DeviceReleaseCache",
            "profile.ProfileService -> file.DeviceReleaseCache",
            "release.DeviceReleases -> file.DeviceFileService",
            "release.DeviceReleases -> file.DeviceReleaseCache",
            "release.PinService -> file.DeviceReleaseCache",
            "release.ReleaseService -> file.DeviceReleaseCache",
            "profile.ProfileService -> release.Uvc",
            "release.ReleaseService -> auth.DeviceAuthService",
            "release.ReleaseService -> auth.DeviceAuthSettings",
            "release.ReleaseService -> auth.DeviceFileGuard");

    @Test
    void thePackagesImportEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        Set<String> legacySeen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                assertThat(declared.find()).as(file.toString()).isTrue();
                String from = relative(declared.group(1));
                String fromClass = from + "." + file.getFileName().toString().replace(".java", "");
                graph.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(source);
                while (imported.find()) {
                    String target = relative(imported.group(1));
                    String to = packageOf(target);
                    String edge = fromClass + " -> " + classOf(target);
                    if (LEGACY.contains(edge)) {
                        legacySeen.add(edge);
                    } else if (!to.equals(from)) {
                        graph.get(from).add(to);
                    }
                }
            }
        }

        assertThat(cycles(graph)).as("package cycles").isEmpty();
        assertThat(legacySeen).as("legacy imports still there (drop those that are gone from LEGACY)")
                .containsExactlyInAnyOrderElementsOf(LEGACY);
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
    }

    /** {@code file.DeviceFiles} for {@code org.telprov.provisioning.file.DeviceFiles}; the root package is "". */
    private static String relative(String name) {
        return name.equals(ROOT) ? "" : name.substring(ROOT.length() + 1);
    }

    /** The package of a relative class name: its lower-case segments. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /** The top-level class of a relative name, without nested classes or static members. */
    private static String classOf(String name) {
        String pkg = packageOf(name);
        String rest = pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
        return (pkg.isEmpty() ? "" : pkg + ".") + rest.split("\\.")[0];
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> found = new ArrayList<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<List<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                component.sort(String::compareTo);
                found.add(component);
            }
        }
    }
}
