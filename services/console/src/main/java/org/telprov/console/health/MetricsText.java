package org.telprov.console.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The samples of a few metrics in a Prometheus text exposition ({@code /q/metrics}), whatever their labels. Only the
 * names asked for are kept, so a service's thousand other series cost a scan and nothing more.
 */
final class MetricsText {

    private final Map<String, List<Double>> samples;

    private MetricsText(Map<String, List<Double>> samples) {
        this.samples = samples;
    }

    static MetricsText parse(String text, Set<String> names) {
        Map<String, List<Double>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.indexOf(' ');
            int nameEnd = labels >= 0 && (space < 0 || labels < space) ? labels : space;
            if (nameEnd <= 0 || !names.contains(line.substring(0, nameEnd))) {
                continue;
            }
            // a label value may hold spaces, but no '}' follows the label set
            int valueStart = labels == nameEnd ? line.lastIndexOf('}') + 1 : nameEnd;
            String[] rest = line.substring(valueStart).trim().split("\\s+");
            Double value = number(rest[0]);
            if (value != null) {
                samples.computeIfAbsent(line.substring(0, nameEnd), name -> new ArrayList<>()).add(value);
            }
        }
        return new MetricsText(samples);
    }

    /** The sum of the metric's samples; empty when the service has none (it does not do what the metric counts). */
    OptionalDouble sum(String name) {
        List<Double> values = samples.get(name);
        return values == null ? OptionalDouble.empty()
                : OptionalDouble.of(values.stream().mapToDouble(Double::doubleValue).sum());
    }

    /** The largest of the metric's samples; empty when it has none. */
    OptionalDouble max(String name) {
        List<Double> values = samples.get(name);
        return values == null ? OptionalDouble.empty() : values.stream().mapToDouble(Double::doubleValue).max();
    }

    /** A sample's value; NaN and infinities (a lag metric before any fetch) count as no sample. */
    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
