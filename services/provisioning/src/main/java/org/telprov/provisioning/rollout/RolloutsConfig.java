package org.telprov.provisioning.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the rollout engine runs: the scheduler's period, the runs it keeps in memory between inputs, and the shortest
 * confirmation window a rollout may have.
 */
@ConfigMapping(prefix = "telprov.rollouts")
public interface RolloutsConfig {

    /**
     * How often {@link RolloutScheduler} runs on each replica: a duration such as {@code 5s}, or {@code off} (tests
     * tick by hand). Read by the scheduler's {@code @Scheduled} expression.
     */
    @WithDefault("5s")
    String tickEvery();

    /**
     * How many rollouts' runs a replica keeps in memory between inputs (the least recently used goes); 0 reads every
     * rollout's device rows for every input. A run of 100,000 devices holds about 25 MB (estimated from its objects).
     */
    @WithDefault("4")
    int runsKept();

    /**
     * The shortest confirmation window the API accepts ({@code confirmationMinutes} or {@code confirmationSeconds}):
     * a window shorter than a phone's boot and the check-in stream's lag times devices out that confirmed. One minute
     * by default; end-to-end tests lower it (environment {@code TELPROV_ROLLOUTS_MINIMUM_CONFIRMATION_WINDOW}).
     */
    @WithDefault("PT1M")
    Duration minimumConfirmationWindow();
}
