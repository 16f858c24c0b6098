package org.telprov.provisioning.rollout;

import java.util.List;

/**
 * What the state machine decided on an input, for the caller to write (the offer into provisioning's routing, the
 * rollout's event into the outbox) in the transaction that stores the new state.
 */
public sealed interface Decision {

    /** Give the device the target's version. */
    record Offer(String mac, String version) implements Decision {
    }

    /** Take back an offer the device has not confirmed: it left the target. */
    record Withdraw(String mac) implements Decision {
    }

    /** Emergency stop: give the device back the version it had before the rollout. */
    record RollBack(String mac, String previousVersion) implements Decision {
    }

    record GroupStarted(int group) implements Decision {
    }

    /** The group reached its success condition and waits for a person to trigger the next one. */
    record AwaitingNextGroup(int group) implements Decision {
    }

    record Paused(List<PauseReason> reasons) implements Decision {
        public Paused {
            reasons = List.copyOf(reasons);
        }
    }

    record Resumed() implements Decision {
    }

    /** The rollout reached a final status ({@link RolloutStatus#ended()}). */
    record Ended(RolloutStatus status) implements Decision {
    }
}
