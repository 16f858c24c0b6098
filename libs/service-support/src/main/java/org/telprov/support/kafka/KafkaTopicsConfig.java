package org.telprov.support.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which topics a service makes sure exist at start-up; off where topics are managed outside (e.g. Strimzi). */
@ConfigMapping(prefix = "telprov.kafka")
public interface KafkaTopicsConfig {

    @WithDefault("true")
    boolean createTopics();

    /** Names from {@link org.telprov.events.Topics} that this service produces or consumes. */
    Optional<List<String>> topics();

    /**
     * Dead-letter topics the service writes itself (through {@link DeadLetters}), besides those its channels' SmallRye
     * {@code dead-letter-queue} failure strategy names.
     */
    Optional<List<String>> deadLetterTopics();

    @WithDefault("3")
    int partitions();

    @WithDefault("1")
    short replicationFactor();

    /** How long dead-letter topics (those the service's consumers name) keep messages for someone to look at them. */
    @WithDefault("P14D")
    Duration deadLetterRetention();
}
