package org.telprov.provisioning.rollout;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollout engine's time against the real broker: it waits for the check-in consumers, and covers only check-ins
 * made the longest a check-in is held before it is sent. Instances of their own with a fixed clock, so that the
 * service's own stream time (which never goes back) is not moved for the other tests.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class CheckinStreamTimeTest {

    private static final Instant MARK = Instant.parse("2026-12-07T10:00:00Z");

    @Inject
    ProvisioningConfig config;

    @Test
    void theTimeIsTheMarkLessTheBootWindowAndTheSendingOnceTheConsumersReachedIt() {
        CheckinStreamTime time = new CheckinStreamTime(KafkaResource.bootstrapServers(), "provisioning-rollouts",
                fixed(MARK), config);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> time.advance().isPresent());
            // a device checking in at 10:00:00 minus the window may still be held by provisioning at 10:00:00
            assertThat(time.advance()).contains(MARK.minus(config.checkins().window()).minusSeconds(2));
        } finally {
            time.close();
        }
    }

    @Test
    void theTimeStandsStillWhileACheckinWaitsForItsConsumers() {
        String mac = "5e7800000001";
        TopicProbe.send(KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, mac,
                EventCodec.toJson(DeviceCheckin.FETCHED.envelope(DeviceCheckin.provisioned(mac, "stream-time",
                        "nvm/settings.xml", List.of("nvm/settings.xml"), "2026-12-07_09:59:00", "192.0.2.1",
                        "Gigaset Maxwell 3/2.22.4;5E7800000001", Instant.now(), "http"), Instant.now())));
        // a group that never consumes: the check-in sent above is never behind it
        CheckinStreamTime lagging = new CheckinStreamTime(KafkaResource.bootstrapServers(), "stream-time-nobody",
                fixed(MARK), config);
        try {
            for (int round = 0; round < 3; round++) {
                assertThat(lagging.advance()).isEqualTo(Optional.empty());
            }
        } finally {
            lagging.close();
        }
    }

    private static RolloutClock fixed(Instant at) {
        return new RolloutClock() {
            @Override
            public Instant now() {
                return at;
            }
        };
    }
}
