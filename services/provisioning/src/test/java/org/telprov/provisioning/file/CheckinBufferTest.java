package org.telprov.provisioning.file;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.release.DeviceRelease;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CheckinBufferTest {

    private static final DeviceRelease DEVICE =
            new DeviceRelease("901b0e000001", "acme", "gigaset-maxwell", "mx3b", UUID.randomUUID(), "2026-01-01");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<List<CheckinBuffer.Fetch>> batches = new CopyOnWriteArrayList<>();

    @Test
    void aCheckInThatFindsTheBufferFullIsDroppedAndCounted() {
        CheckinBuffer buffer = buffer(2, 10, batches::add);
        buffer.fetched(DEVICE, "a", null, null);
        buffer.fetched(DEVICE, "b", null, null);
        buffer.fetched(DEVICE, "c", null, null);
        buffer.fetched(DEVICE, "d", null, null);

        assertThat(dropped()).isEqualTo(2.0);
    }

    @Test
    void bufferedCheckInsAreWrittenInBatchesOfAtMostTheBatchSize() throws Exception {
        CheckinBuffer buffer = buffer(100, 2, batches::add);
        for (String file : List.of("a", "b", "c", "d", "e")) {
            buffer.fetched(DEVICE, file, "127.0.0.1", "Maxwell");
        }
        buffer.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> written().size() == 5);
        } finally {
            buffer.stop();
        }
        assertThat(written()).containsExactly("a", "b", "c", "d", "e");
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
        assertThat(dropped()).isZero();
    }

    @Test
    void aBatchTheDatabaseRefusedIsWrittenOnceItIsBack() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CheckinBuffer buffer = buffer(100, 10, batch -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("database away");
            }
            batches.add(List.copyOf(batch));
        });
        buffer.start();
        try {
            buffer.fetched(DEVICE, "a", null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> written().size() == 1);
        } finally {
            buffer.stop();
        }
        assertThat(written()).containsExactly("a");
        assertThat(attempts).hasValue(3);
        assertThat(dropped()).isZero();
    }

    @Test
    void whatIsBufferedAtShutdownIsWritten() throws Exception {
        CheckinBuffer buffer = buffer(100, 500, batches::add);
        buffer.start();
        for (int i = 0; i < 50; i++) {
            buffer.fetched(DEVICE, "f" + i, null, null);
        }
        buffer.stop();
        assertThat(written()).hasSize(50);
    }

    private CheckinBuffer buffer(int capacity, int batchSize, Consumer<List<CheckinBuffer.Fetch>> writer) {
        return new CheckinBuffer(capacity, batchSize, Duration.ofMillis(20), Duration.ofMillis(10),
                batch -> writer.accept(List.copyOf(batch)), registry);
    }

    private List<String> written() {
        return batches.stream().flatMap(List::stream).map(CheckinBuffer.Fetch::file).toList();
    }

    private double dropped() {
        return registry.get("telprov.provisioning.checkins.dropped").counter().count();
    }
}
