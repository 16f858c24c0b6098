package org.telprov.platform;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The broker stopped and launched again, as {@link Platform#stopKafka()} and {@link Platform#startKafka()} do. */
class KafkaProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aBrokerLaunchedAgainAfterItStoppedServesWhatItHeldAndWhatWaitedForItOnTheSamePort() throws Exception {
        int port = PlatformPorts.freePort();
        KafkaProcess broker = KafkaProcess.launch(tmp.resolve("kafka"), tmp.resolve("kafka.log"), port,
                PlatformPorts.freePort());
        KafkaProcess again = null;
        try {
            broker.awaitReady();
            // the topic made first: the producer's one second for metadata is about the outage, not a first creation
            // on a busy machine
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("outage", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            // configured as the services' check-in producers (CheckinSender): it holds what it cannot deliver for up
            // to two minutes and keeps the topic's metadata meanwhile (with Kafka 4's default, rebootstrap, the send
            // during the outage fails after max-block: "Topic outage not present in metadata after 1000 ms")
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "1",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("outage", "key", "sent before")).get(30, TimeUnit.SECONDS);

                broker.close();
                assertFalse(acceptsConnections(port), "the stopped broker still listens");
                // long enough for the producer to find no broker it can reach
                Thread.sleep(5_000);
                Future<RecordMetadata> during = producer.send(new ProducerRecord<>("outage", "key", "sent during"));

                again = broker.launchAgain();
                again.awaitReady();
                during.get(60, TimeUnit.SECONDS);
            }
            assertEquals(broker.bootstrapServers(), again.bootstrapServers());
            assertEquals(List.of("sent before", "sent during"), values(again.bootstrapServers(), "outage"));
        } finally {
            broker.close();
            if (again != null) {
                again.close();
            }
        }
    }

    private static List<String> values(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
