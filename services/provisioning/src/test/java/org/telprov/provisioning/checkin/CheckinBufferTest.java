package org.telprov.provisioning.checkin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.checkin.CheckinSender;
import org.telprov.testing.KafkaBroker;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CheckinBufferTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void whileTheBrokerIsDownEveryCheckinIsDroppedAndCountedAndTheRequestsGoOn() throws Exception {
        // no broker listens there; a window of zero sends each fetch as it comes
        CheckinBuffer buffer = new CheckinBuffer(new CheckinSender.Settings(4, 10,
                "127.0.0.1:" + KafkaBroker.freePort(), Duration.ofMillis(100), Duration.ofSeconds(1)),
                new CheckinMerger(Duration.ZERO, 100), registry);
        buffer.start();
        try {
            for (int i = 0; i < 40; i++) {
                buffer.fetched(new DeviceRelease("901b0e0000%02d".formatted(i), "acme", "gigaset-maxwell", "mx3b",
                        UUID.randomUUID(), "2026-01-01_00:00:00"), "nvm/settings.xml", "192.0.2.1", "Maxwell");
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> counter("dropped") == 40.0);
        } finally {
            buffer.stop();
        }
        assertThat(counter("sent")).isZero();
    }

    private double counter(String name) {
        return registry.get("telprov.provisioning.checkins." + name).counter().count();
    }
}
