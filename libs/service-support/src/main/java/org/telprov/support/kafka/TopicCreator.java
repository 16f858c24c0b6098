package org.telprov.support.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.events.Topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the service's topics with the retention {@link Topics#COMPACTED} gives them, before the consumers subscribe
 * (consumers do not auto-create topics, so a state topic never comes into being with the wrong cleanup policy), and
 * the dead-letter topics its consumers name ({@code mp.messaging.incoming.*.dead-letter-queue.topic} and
 * {@code telprov.kafka.dead-letter-topics}), with a time retention, so that a broker that does not auto-create topics
 * still keeps the messages nobody could process.
 */
@ApplicationScoped
public class TopicCreator {

    private final KafkaTopicsConfig config;
    private final String bootstrapServers;

    public TopicCreator(KafkaTopicsConfig config,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    // Runs before the messaging connectors start, which observe StartupEvent at a later priority.
    void createTopics(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        config.topics().orElse(List.of()).forEach(name -> wanted.put(name, newTopic(name)));
        deadLetterTopics().forEach(name -> wanted.putIfAbsent(name, deadLetterTopic(name)));
        config.deadLetterTopics().orElse(List.of()).forEach(name -> wanted.putIfAbsent(name, deadLetterTopic(name)));
        if (!config.createTopics() || wanted.isEmpty()) {
            return;
        }
        Set<String> names = wanted.keySet();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(name -> !existing.contains(name)).map(wanted::get).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((name, future) -> awaitCreated(name, future));
            }
        } catch (ExecutionException | TimeoutException e) {
            // Not fatal: the consumers wait for the topics and the relay keeps events until the broker is back.
            Log.warnf("Could not check or create Kafka topics %s: %s", names, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private NewTopic newTopic(String name) {
        if (!Topics.COMPACTED.containsKey(name)) {
            throw new IllegalStateException("telprov.kafka.topics names unknown topic " + name);
        }
        String policy = Topics.COMPACTED.get(name) ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
        return new NewTopic(name, config.partitions(), config.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy));
    }

    /** The dead-letter topics of this service's incoming channels. */
    static Set<String> deadLetterTopics() {
        Config mp = ConfigProvider.getConfig();
        Set<String> topics = new TreeSet<>();
        for (String property : mp.getPropertyNames()) {
            if (property.startsWith("mp.messaging.incoming.") && property.endsWith(".dead-letter-queue.topic")) {
                mp.getOptionalValue(property, String.class).ifPresent(topics::add);
            }
        }
        return topics;
    }

    private NewTopic deadLetterTopic(String name) {
        return new NewTopic(name, config.partitions(), config.replicationFactor()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.deadLetterRetention().toMillis())));
    }

    private static void awaitCreated(String name, org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
            Log.infof("Created Kafka topic %s", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                Log.warnf("Could not create Kafka topic %s: %s", name, e.getCause());
            }
        } catch (TimeoutException e) {
            Log.warnf("Timed out creating Kafka topic %s", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
