package org.telprov.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Reads what reached a topic, and writes to one, as a test sees the broker: plain Kafka clients, nothing mocked. */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Waits until a record matching the predicate is on the topic (read from the beginning) and returns it. */
    public static ConsumerRecord<String, String> await(String bootstrapServers, String topic,
                                                       Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        return all(bootstrapServers, topic, match, timeout, true).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no matching record on " + topic + " within " + timeout));
    }

    /** Every record matching the predicate that is on the topic once it has been read for the given time. */
    public static List<ConsumerRecord<String, String>> matching(String bootstrapServers, String topic,
                                                                Predicate<ConsumerRecord<String, String>> match,
                                                                Duration readFor) {
        return all(bootstrapServers, topic, match, readFor, false);
    }

    /**
     * Every record matching the predicate that is on the topic now: read from the beginning up to the end offsets the
     * broker names when the read starts. For records whose send was acknowledged before the call (a relay's batch, say):
     * nothing later can belong to the answer, so reading on for a while would only wait.
     */
    public static List<ConsumerRecord<String, String>> onTopicNow(String bootstrapServers, String topic,
                                                                  Predicate<ConsumerRecord<String, String>> match) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 30 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static List<ConsumerRecord<String, String>> all(String bootstrapServers, String topic,
                                                            Predicate<ConsumerRecord<String, String>> match,
                                                            Duration timeout, boolean firstOnly) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                        if (firstOnly) {
                            return found;
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        send(bootstrapServers, topic, key, value, Map.of());
    }

    /** Sends one record stamped with this time (Kafka's CreateTime) and waits for the broker's acknowledgement. */
    public static void sendAt(String bootstrapServers, String topic, String key, String value, Instant timestamp) {
        send(bootstrapServers, new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value));
    }

    /** Sends one record with these headers (a {@code traceparent}, say) and waits for the broker's acknowledgement. */
    public static void send(String bootstrapServers, String topic, String key, String value,
                            Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        send(bootstrapServers, record);
    }

    private static void send(String bootstrapServers, ProducerRecord<String, String> record) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not send to " + record.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
