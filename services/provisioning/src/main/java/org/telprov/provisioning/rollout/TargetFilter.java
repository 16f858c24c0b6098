package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the target's devices a rollout takes: of these models (any when empty), carrying one of these labels (any
 * when empty), whose MAC starts with this prefix (12 hex digits at most, lower case; any when {@code null}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetFilter(List<String> models, List<String> labels, String macPrefix) {

    public static final TargetFilter ALL = new TargetFilter(List.of(), List.of(), null);

    public TargetFilter {
        models = models == null ? List.of() : List.copyOf(models);
        labels = labels == null ? List.of() : List.copyOf(labels);
        macPrefix = macPrefix == null ? null : macPrefix.toLowerCase(Locale.ROOT);
    }

    /** Whether a device of the target with this MAC (12 lower-case hex digits), model and labels is taken. */
    public boolean matches(String mac, String model, Set<String> deviceLabels) {
        return (models.isEmpty() || models.contains(model))
                && (labels.isEmpty() || labels.stream().anyMatch(deviceLabels::contains))
                && (macPrefix == null || mac.startsWith(macPrefix));
    }
}
