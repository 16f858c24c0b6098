package org.telprov.support.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckinSenderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    /** Holds every MAC until the service stops, as a merging stage holds a boot until its window ends. */
    private static final class Holding implements CheckinSender.Stage<String> {
        final List<String> held = new ArrayList<>();

        @Override
        public void take(String mac, long nanoTime, CheckinSender.Out out) {
            held.add(mac);
        }

        @Override
        public void drain(CheckinSender.Out out) {
            held.forEach(mac -> out.send(DeviceCheckin.FETCHED, DeviceCheckin.provisioned(mac, "acme",
                    "settings.xml", null, null, null, null, Instant.EPOCH, null)));
            held.clear();
        }
    }

    @Test
    void whatIsBufferedOrHeldAtStopIsSentKeyedByMacBeforeTheProducerCloses() throws Exception {
        CheckinSender<String> sender = sender(new Holding(), 100);
        sender.start(producer);
        for (String mac : List.of("0d0000000001", "0d0000000002", "0d0000000003")) {
            sender.offer(mac);
        }

        sender.stop(Duration.ofSeconds(10), Duration.ofSeconds(1));

        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly("0d0000000001", "0d0000000002", "0d0000000003");
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(Topics.DEVICE_CHECKINS);
            assertThat(EventCodec.fromJson(new String(record.value(), StandardCharsets.UTF_8)).type())
                    .isEqualTo(DeviceCheckin.FETCHED.type());
        });
        assertThat(producer.closed()).isTrue();
        assertThat(counter("sent")).isEqualTo(3.0);
        assertThat(counter("dropped")).isZero();
    }

    @Test
    void anItemOfferedBeforeTheStartIsDroppedAndCounted() {
        CheckinSender<String> sender = sender(new Holding(), 2);

        sender.offer("0d0000000001");

        assertThat(counter("dropped")).isEqualTo(1.0);
    }

    private CheckinSender<String> sender(CheckinSender.Stage<String> stage, int bufferSize) {
        return new CheckinSender<>("test", new CheckinSender.Settings(bufferSize, 10, "127.0.0.1:1",
                Duration.ofMillis(100), Duration.ofSeconds(1)), stage,
                Counter.builder("sent").register(registry), Counter.builder("dropped").register(registry));
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }
}
