package org.telprov.provisioning.rollout;

/**
 * Why a rollout paused: a group's error condition held, a group settled below its success condition, or a person.
 *
 * @param group the group's index, {@code -1} for a pause by hand
 */
public record PauseReason(Kind kind, int group, int confirmed, int failed, int offered) {

    public enum Kind { ERROR_CONDITION, SUCCESS_NOT_REACHED, BY_HAND }

    static PauseReason byHand() {
        return new PauseReason(Kind.BY_HAND, -1, 0, 0, 0);
    }
}
