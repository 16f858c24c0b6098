package org.telprov.support.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the {@link OutboxRelay} drains the outbox table. */
@ConfigMapping(prefix = "telprov.outbox")
public interface OutboxConfig {

    /** The most rows one batch may send, all held in memory at once. */
    int MAX_BATCH_SIZE = 10_000;

    /**
     * Whether this service runs the relay: false for a service that writes no outbox row (redirect), so it holds no
     * drainer threads and polls nothing.
     */
    @WithDefault("true")
    boolean relay();

    /** How often the relay looks for due rows when no commit has woken it up (retries, other replicas' rows). */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Rows sent per transaction (at most {@link #MAX_BATCH_SIZE}): they are sent together, so the producer batches
     * and compresses them, and deleted in one statement.
     */
    @WithDefault("1000")
    int batchSize();

    /** How long to wait for the broker to acknowledge a batch before counting it as failed. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** First retry delay after a failed send; doubled per attempt up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** After this many failed attempts an event is logged at ERROR and counted as stuck, and still retried. */
    @WithDefault("10")
    int alertAfterAttempts();
}
