package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telprov.provisioning.rollout.Conditions.SuccessAction.NEXT_GROUP;

/** Success and error conditions hold exactly from their percentage of the offered devices on. */
class ConditionsTest {

    private final Conditions conditions = new Conditions(90, NEXT_GROUP, 20);

    @Test
    void successHoldsFromExactlyItsPercentage() {
        assertThat(conditions.succeeded(9, 10)).isTrue();
        assertThat(conditions.succeeded(8, 10)).isFalse();
        assertThat(conditions.succeeded(90, 100)).isTrue();
        assertThat(conditions.succeeded(89, 100)).isFalse();
        // 899 of 1,000 is 89.9 %: not rounded up
        assertThat(conditions.succeeded(899, 1000)).isFalse();
    }

    @Test
    void errorHoldsFromExactlyItsPercentage() {
        assertThat(conditions.failed(2, 10)).isTrue();
        assertThat(conditions.failed(1, 10)).isFalse();
        assertThat(conditions.failed(199, 1000)).isFalse();
        assertThat(conditions.failed(200, 1000)).isTrue();
    }

    @Test
    void aGroupOfferedNothingSucceedsAndNeverFails() {
        assertThat(conditions.succeeded(0, 0)).isTrue();
        assertThat(conditions.failed(0, 0)).isFalse();
        assertThat(new Conditions(100, NEXT_GROUP, 1).failed(0, 5)).isFalse();
    }

    @Test
    void percentagesOutsideOneToAHundredAreRefused() {
        assertThatThrownBy(() -> new Conditions(0, NEXT_GROUP, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Conditions(90, NEXT_GROUP, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
