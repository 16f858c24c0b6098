package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** The wall clock the rollout engine's time is measured against; tests replace the bean to move time on. */
@ApplicationScoped
public class RolloutClock {

    public Instant now() {
        return Instant.now();
    }
}
