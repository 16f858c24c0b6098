package org.telprov.provisioning.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.util.regex.Pattern;

/**
 * Which of a profile's devices a release is for: {@code all}, those with a {@code label}, or a {@code percent} of them
 * (a device is in when its bucket, {@code md5(profile id + mac)} mod 100, is below the percentage;
 * {@link ReleaseChoice} computes it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Audience(String type, String label, Integer percent) {

    public static final String ALL = "all";
    public static final String LABEL = "label";
    public static final String PERCENT = "percent";
    /** The devices a rollout of the release offered it (docs/rollouts.md). */
    public static final String ROLLOUT = "rollout";

    /** Inventory's rule for labels. */
    private static final Pattern LABEL_PATTERN = Pattern.compile(Inputs.LABEL);

    public static Audience all() {
        return new Audience(ALL, null, null);
    }

    static Audience of(Release release) {
        if (release.audienceRollout) {
            return new Audience(ROLLOUT, null, null);
        }
        if (release.audienceLabel != null) {
            return new Audience(LABEL, release.audienceLabel, null);
        }
        return release.audiencePercent != null ? new Audience(PERCENT, null, release.audiencePercent) : all();
    }

    /**
     * The audience of a publish from its query parameters: all without either; 100 percent is all.
     *
     * @throws ProblemException 400 {@code invalid_parameter} for both, a percentage that is not 1 to 100, or a label
     *                          inventory would not accept
     */
    static Audience parse(String percent, String label, String audience) {
        if (audience != null) {
            if (!ROLLOUT.equals(audience)) {
                throw ProblemException.badRequest("invalid_parameter", "audience can only be \"rollout\"", "audience");
            }
            if (percent != null || label != null) {
                throw ProblemException.badRequest("invalid_parameter",
                        "name either audience, percent or label, not two", "audience");
            }
            return new Audience(ROLLOUT, null, null);
        }
        if (percent != null && label != null) {
            throw ProblemException.badRequest("invalid_parameter", "name either percent or label, not both", "percent");
        }
        if (label != null) {
            if (!LABEL_PATTERN.matcher(label).matches()) {
                throw ProblemException.badRequest("invalid_parameter",
                        "a label is 1 to 50 letters, digits, '.', '_', ':' or '-'", "label");
            }
            return new Audience(LABEL, label, null);
        }
        return percent == null ? all() : percent(parsePercent(percent));
    }

    /** A percentage of the devices; 100 is all. */
    static Audience percent(int percent) {
        if (percent < 1 || percent > 100) {
            throw badPercent();
        }
        return percent == 100 ? all() : new Audience(PERCENT, null, percent);
    }

    /** Whether every device this audience includes is also in {@code wider}. */
    boolean within(Audience wider) {
        return switch (wider.type) {
            case ALL -> true;
            case PERCENT -> PERCENT.equals(type) && percent <= wider.percent;
            default -> equals(wider);
        };
    }

    void applyTo(Release release) {
        release.audienceLabel = label;
        release.audiencePercent = percent;
        release.audienceRollout = ROLLOUT.equals(type);
    }

    private static int parsePercent(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw badPercent();
        }
    }

    private static ProblemException badPercent() {
        return ProblemException.badRequest("invalid_parameter", "percent is a whole number from 1 to 100", "percent");
    }
}
