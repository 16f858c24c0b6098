package org.telprov.support.probing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProbeBudget budget = new ProbeBudget(config(2, 3), "test", registry, now::get);

    @Test
    void anAddressGetsItsBurstThenNothingUntilItsBudgetRefills() {
        for (int i = 0; i < 3; i++) {
            assertThat(budget.spend("192.0.2.1")).isTrue();
        }
        assertThat(budget.spend("192.0.2.1")).isFalse();

        now.addAndGet(SECOND / 2);
        assertThat(budget.spend("192.0.2.1")).isTrue();
        assertThat(budget.spend("192.0.2.1")).isFalse();
    }

    @Test
    void anExhaustedAddressIsNotAllowedAndOthersAre() {
        assertThat(budget.allows("192.0.2.2")).isTrue();
        while (budget.spend("192.0.2.2")) {
            // spends the burst
        }
        assertThat(budget.allows("192.0.2.2")).isFalse();
        assertThat(budget.allows("192.0.2.3")).isTrue();

        now.addAndGet(SECOND / 2);
        assertThat(budget.allows("192.0.2.2")).isTrue();
    }

    @Test
    void askingWhetherAnAddressIsAllowedSpendsNothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(budget.allows("192.0.2.4")).isTrue();
        }
        assertThat(budget.spend("192.0.2.4")).isTrue();
    }

    @Test
    void everyRefusalIsCountedUnderTheServicesName() {
        while (budget.spend("192.0.2.5")) {
            // spends the burst
        }
        budget.allows("192.0.2.5");
        assertThat(registry.get("telprov.test.probes.limited").counter().count()).isEqualTo(2);
    }

    private static ProbeBudget.Config config(double rate, int burst) {
        return new ProbeBudget.Config() {
            @Override
            public double rate() {
                return rate;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public int slots() {
                return 1024;
            }
        };
    }
}
