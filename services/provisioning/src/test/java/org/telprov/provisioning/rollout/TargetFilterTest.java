package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter's last-seen bound: counted from the creation to the hour, inclusive, never taking a device never seen. */
class TargetFilterTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T14:35:10Z");

    @Test
    void theBoundIsTheCreationLessTheDaysToTheHour() {
        TargetFilter filter = TargetFilter.of(List.of(), List.of(), null, 30, CREATED);

        assertThat(filter.seenSince()).isEqualTo(Instant.parse("2026-11-07T14:00:00Z"));
        assertThat(filter.createdAt(Instant.parse("2026-12-20T09:59:59Z")).seenSince())
                .isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(TargetFilter.of(List.of(), List.of(), null, null, CREATED)).isEqualTo(TargetFilter.ALL);
    }

    @Test
    void aDeviceSeenInTheBoundsHourOrLaterIsTakenOneSeenBeforeOrNeverIsNot() {
        TargetFilter filter = TargetFilter.of(List.of(), List.of(), null, 30, CREATED);

        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of(), Instant.parse("2026-11-07T14:00:00Z"))).isTrue();
        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of(), Instant.parse("2026-12-07T14:00:00Z"))).isTrue();
        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of(), Instant.parse("2026-11-07T13:00:00Z"))).isFalse();
        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of(), null)).isFalse();
        // without a bound, seen or not makes no difference
        assertThat(TargetFilter.ALL.matches("7c2f00000001", "mx3b", Set.of(), null)).isTrue();
    }

    @Test
    void theBoundCombinesWithTheOtherFields() {
        TargetFilter filter = TargetFilter.of(List.of("mx3b"), List.of("vip"), "7c2f", 1, CREATED);
        Instant recently = Instant.parse("2026-12-07T10:00:00Z");

        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of("vip"), recently)).isTrue();
        assertThat(filter.matches("7c2f00000001", "mx9z", Set.of("vip"), recently)).isFalse();
        assertThat(filter.matches("7c2f00000001", "mx3b", Set.of(), recently)).isFalse();
        assertThat(filter.matches("7c3000000001", "mx3b", Set.of("vip"), recently)).isFalse();
    }

    @Test
    void daysAndTheirBoundComeTogether() {
        assertThatThrownBy(() -> new TargetFilter(List.of(), List.of(), null, 30, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetFilter(List.of(), List.of(), null, null, CREATED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
