package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which of the target's devices a rollout takes: of these models (any when empty), carrying one of these labels (any
 * when empty), whose MAC starts with this prefix (12 hex digits at most, lower case; any when {@code null}), seen
 * (checked in, {@code device.LastSeen}) within {@code seenWithinDays} days before the rollout was created (any, seen or
 * not, when {@code null}).
 * <p>
 * The last-seen bound is kept as the instant it was computed to, {@code seenSince} (the creation less the days, to the
 * hour, as last-seen is kept), so it stays the same for the rollout's life: the devices joining a running rollout are
 * held to it too. Rows stored before the bound existed have neither field and read as taking every device.
 *
 * @param seenWithinDays the partner's bound, {@code null} for none
 * @param seenSince      the earliest last-seen hour a device may have to be taken; set exactly when
 *                       {@code seenWithinDays} is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetFilter(List<String> models, List<String> labels, String macPrefix, Integer seenWithinDays,
                           Instant seenSince) {

    public static final TargetFilter ALL = new TargetFilter(List.of(), List.of(), null);

    public TargetFilter {
        models = models == null ? List.of() : List.copyOf(models);
        labels = labels == null ? List.of() : List.copyOf(labels);
        macPrefix = macPrefix == null ? null : macPrefix.toLowerCase(Locale.ROOT);
        if ((seenWithinDays == null) != (seenSince == null)) {
            throw new IllegalArgumentException("seenWithinDays and seenSince come together");
        }
    }

    /** A filter without a last-seen bound. */
    public TargetFilter(List<String> models, List<String> labels, String macPrefix) {
        this(models, labels, macPrefix, null, null);
    }

    /**
     * A filter of a rollout created at {@code createdAt}: a device is taken only when it was last seen at most
     * {@code seenWithinDays} before it (to the hour); no bound when {@code seenWithinDays} is {@code null}.
     */
    public static TargetFilter of(List<String> models, List<String> labels, String macPrefix, Integer seenWithinDays,
                                  Instant createdAt) {
        return new TargetFilter(models, labels, macPrefix, seenWithinDays, since(seenWithinDays, createdAt));
    }

    /**
     * The same filter for a rollout created at {@code createdAt} (the retry of failed devices): its last-seen bound
     * counted from then.
     */
    public TargetFilter createdAt(Instant createdAt) {
        return new TargetFilter(models, labels, macPrefix, seenWithinDays, since(seenWithinDays, createdAt));
    }

    /**
     * Whether a device of the target with this MAC (12 lower-case hex digits), model, labels and last-seen hour
     * ({@code null}: never seen) is taken. A device never seen is not taken by a last-seen bound.
     */
    public boolean matches(String mac, String model, Set<String> deviceLabels, Instant seenAt) {
        return (models.isEmpty() || models.contains(model))
                && (labels.isEmpty() || labels.stream().anyMatch(deviceLabels::contains))
                && (macPrefix == null || mac.startsWith(macPrefix))
                && (seenSince == null || (seenAt != null && !seenAt.isBefore(seenSince)));
    }

    private static Instant since(Integer seenWithinDays, Instant createdAt) {
        if (seenWithinDays == null) {
            return null;
        }
        Objects.requireNonNull(createdAt, "createdAt");
        return createdAt.minus(Duration.ofDays(seenWithinDays)).truncatedTo(ChronoUnit.HOURS);
    }
}
