package org.telprov.inventory.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.telprov.events.Topics;
import org.telprov.support.outbox.OutboxEvent;
import org.telprov.testing.KafkaBroker;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.inventory.Inventory.as;
import static org.telprov.inventory.Inventory.ensureTenant;

/**
 * The outbox relay's broker is down when a device is registered: the request still succeeds, the event waits in the
 * outbox with its failed attempts, and once a broker listens it is delivered and the row is gone.
 */
@QuarkusTest
@TestProfile(OutboxDuringKafkaOutageTest.BrokerLater.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class OutboxDuringKafkaOutageTest {

    /** Points the relay at a port where no broker listens yet; retries come quickly. */
    public static class BrokerLater implements QuarkusTestProfile {

        static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.outbox.bootstrap.servers", "127.0.0.1:" + PORT,
                    "mp.messaging.outgoing.outbox.max.block.ms", "1000",
                    "mp.messaging.outgoing.outbox.health-enabled", "false",
                    "telprov.outbox.send-timeout", "3s",
                    "telprov.outbox.initial-backoff", "200ms",
                    "telprov.outbox.max-backoff", "1s");
        }

        private static int freePort() {
            try {
                return KafkaBroker.freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void anEventCommittedWhileKafkaIsDownIsDeliveredWhenItComesBack() {
        ensureTenant("acme");
        as(TestTokens.partnerAdmin("acme"))
                .body(Map.of("mac", "0c0000000001", "vendor", "gigaset-maxwell", "model", "mx3b"))
                .post("/api/v1/devices")
                .then().statusCode(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> pendingAttempts("0c0000000001") >= 2);

        try (KafkaBroker late = KafkaBroker.start(BrokerLater.PORT)) {
            TopicProbe.await(late.bootstrapServers(), Topics.INVENTORY_DEVICES, r -> "0c0000000001".equals(r.key()),
                    Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> pendingAttempts("0c0000000001") < 0);
        }
    }

    /** The failed attempts of the device's pending outbox row, or -1 once it has been sent. */
    private static int pendingAttempts(String mac) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find("messageKey", mac)
                .firstResultOptional().map(row -> row.attempts).orElse(-1));
    }
}
