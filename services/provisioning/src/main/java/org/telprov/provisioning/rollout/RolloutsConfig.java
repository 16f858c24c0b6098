package org.telprov.provisioning.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How often the scheduler moves rollouts by time, and the shortest confirmation window a rollout may have. */
@ConfigMapping(prefix = "telprov.rollouts")
public interface RolloutsConfig {

    /**
     * How often {@link RolloutScheduler} runs on each replica: a duration such as {@code 5s}, or {@code off} (tests
     * tick by hand). Read by the scheduler's {@code @Scheduled} expression.
     */
    @WithDefault("5s")
    String tickEvery();

    /**
     * The shortest confirmation window the API accepts ({@code confirmationMinutes} or {@code confirmationSeconds}):
     * a window shorter than a phone's boot and the check-in stream's lag times devices out that confirmed. One minute
     * by default; end-to-end tests lower it (environment {@code TELPROV_ROLLOUTS_MINIMUM_CONFIRMATION_WINDOW}).
     */
    @WithDefault("PT1M")
    Duration minimumConfirmationWindow();
}
