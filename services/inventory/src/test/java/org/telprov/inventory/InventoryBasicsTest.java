package org.telprov.inventory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.ServiceBasicsTest;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class InventoryBasicsTest extends ServiceBasicsTest {

    /** The broker must not need auto-creation for the messages nobody could process. */
    @Test
    void theDeadLetterTopicIsCreatedWithATimeRetention() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaResource.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "inventory-dlq");
            Config config = admin.describeConfigs(List.of(topic)).all().get(20, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(String.valueOf(14L * 24 * 3600 * 1000));
        }
    }
}
