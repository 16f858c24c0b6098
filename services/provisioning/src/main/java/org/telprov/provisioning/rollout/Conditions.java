package org.telprov.provisioning.rollout;

import java.util.Objects;

/**
 * A group's success condition (at least {@code successPercent} of its offered devices confirmed, then
 * {@code onSuccess}) and error condition (at least {@code errorPercent} of them failed or timed out: the rollout
 * pauses). Percentages are of the devices actually offered the change.
 */
public record Conditions(int successPercent, SuccessAction onSuccess, int errorPercent) {

    /** What a group that reached its success condition does. */
    public enum SuccessAction {
        /** Start the next group at once. */
        NEXT_GROUP,
        /** Wait until a person triggers the next group. */
        WAIT
    }

    public Conditions {
        Objects.requireNonNull(onSuccess, "onSuccess");
        if (successPercent < 1 || successPercent > 100) {
            throw new IllegalArgumentException("successPercent is 1 to 100");
        }
        if (errorPercent < 1 || errorPercent > 100) {
            throw new IllegalArgumentException("errorPercent is 1 to 100");
        }
    }

    /** Whether {@code confirmed} of {@code offered} meet the success condition; a group offered nothing does. */
    public boolean succeeded(int confirmed, int offered) {
        return (long) confirmed * 100 >= (long) successPercent * offered;
    }

    /** Whether {@code failed} of {@code offered} meet the error condition; never without a failure. */
    public boolean failed(int failed, int offered) {
        return failed > 0 && (long) failed * 100 >= (long) errorPercent * offered;
    }
}
