package org.telprov.provisioning.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the rollout engine runs: the scheduler's period and the runs it keeps in memory between inputs. */
@ConfigMapping(prefix = "telprov.rollouts")
public interface RolloutsConfig {

    /** How often the scheduler runs on every replica ({@code off} stops it; read by its {@code @Scheduled}). */
    @WithDefault("5s")
    String tickEvery();

    /**
     * How many rollouts' runs a replica keeps in memory between inputs (the least recently used goes); 0 reads every
     * rollout's device rows for every input. A run of 100,000 devices holds about 25 MB (estimated from its objects).
     */
    @WithDefault("4")
    int runsKept();
}
