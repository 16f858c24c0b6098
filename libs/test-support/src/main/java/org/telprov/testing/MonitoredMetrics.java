package org.telprov.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The metric names the chart's dashboards and alerts may use (monitored-metrics.txt), and the names of a scrape. */
public final class MonitoredMetrics {

    private static final String FILE = "monitored-metrics.txt";

    private MonitoredMetrics() {
    }

    /** The names listed for a service: those marked {@code *} and those naming it. */
    public static List<String> scrapedIn(String service) {
        List<String> names = new ArrayList<>();
        for (String line : lines()) {
            String[] fields = line.split("\\s+");
            if (fields[1].equals("*") || List.of(fields[1].split(",")).contains(service)) {
                names.add(fields[0]);
            }
        }
        return names;
    }

    /** The metric names of a Prometheus text exposition. */
    public static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<String> lines() {
        try (InputStream in = MonitoredMetrics.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
