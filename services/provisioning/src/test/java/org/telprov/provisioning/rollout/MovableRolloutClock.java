package org.telprov.provisioning.rollout;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** The rollout engine's clock in tests: the wall clock, moved on by hand so that no test waits for 30 minutes. */
@Mock
@ApplicationScoped
public class MovableRolloutClock extends RolloutClock {

    private volatile Duration ahead = Duration.ZERO;

    @Override
    public Instant now() {
        return Instant.now().plus(ahead);
    }

    public void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    public void reset() {
        ahead = Duration.ZERO;
    }
}
