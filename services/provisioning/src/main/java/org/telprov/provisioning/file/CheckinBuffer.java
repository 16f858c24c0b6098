package org.telprov.provisioning.file;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.release.DeviceRelease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records {@code device.fetched} check-ins without making the request wait: the request only offers the check-in to a
 * bounded buffer, and a background writer puts what is waiting into the outbox, one transaction per batch (up to
 * {@code batch-size} check-ins, or what arrived within {@code flush-interval}). A batch the database refuses is retried
 * while new check-ins queue behind it; when the buffer is full, new check-ins are dropped and counted in
 * {@code telprov_provisioning_checkins_dropped_total}. What is buffered at shutdown is written before the service stops.
 */
@ApplicationScoped
public class CheckinBuffer {

    // not io.quarkus.logging.Log: the unit tests run this class outside Quarkus
    private static final Logger LOG = Logger.getLogger(CheckinBuffer.class);

    /** A served file, as the request hands it over; the event is built on the writer's thread. */
    public record Fetch(DeviceRelease release, String file, String sourceIp, String userAgent, Instant at) {
    }

    private final BlockingQueue<Fetch> buffer;
    private final int batchSize;
    private final long flushNanos;
    private final long retryMillis;
    private final Consumer<List<Fetch>> writer;
    private final Counter dropped;
    private final Counter written;
    private volatile boolean running;
    private Thread drainer;

    @Inject
    public CheckinBuffer(ProvisioningConfig config, DeviceFileService devices, MeterRegistry registry) {
        this(config.checkins().bufferSize(), config.checkins().batchSize(), config.checkins().flushInterval(),
                config.checkins().retryBackoff(), devices::fetched, registry);
    }

    CheckinBuffer(int capacity, int batchSize, Duration flushInterval, Duration retryBackoff,
                  Consumer<List<Fetch>> writer, MeterRegistry registry) {
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.retryMillis = retryBackoff.toMillis();
        this.writer = writer;
        this.dropped = Counter.builder("telprov.provisioning.checkins.dropped")
                .description("device.fetched check-ins lost: the buffer was full, or they were not written by shutdown").register(registry);
        this.written = Counter.builder("telprov.provisioning.checkins.written")
                .description("device.fetched check-ins written to the outbox").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    void start() {
        running = true;
        drainer = new Thread(this::drain, "provisioning-checkin-writer");
        drainer.setDaemon(true);
        drainer.start();
    }

    void stop() throws InterruptedException {
        if (drainer == null) {
            return;
        }
        running = false;
        drainer.join(10_000);
        if (drainer.isAlive()) {
            drainer.interrupt();
        }
    }

    /** A device was answered with a file of a release (a 304 counts: the device checked in); never blocks. */
    public void fetched(DeviceRelease release, String file, String sourceIp, String userAgent) {
        if (!buffer.offer(new Fetch(release, file, DeviceCheckin.sourceIp(sourceIp),
                DeviceCheckin.userAgent(userAgent), Instant.now()))) {
            dropped.increment();
        }
    }

    private void drain() {
        List<Fetch> batch = new ArrayList<>(batchSize);
        while (running || !buffer.isEmpty()) {
            try {
                fill(batch);
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dropped.increment(batch.size() + buffer.size());
                return;
            }
        }
    }

    /** Waits for a first check-in, then collects more until the batch is full or the flush interval has passed. */
    private void fill(List<Fetch> batch) throws InterruptedException {
        Fetch first = buffer.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < batchSize && running) {
            long left = deadline - System.nanoTime();
            Fetch next = left > 0 ? buffer.poll(left, TimeUnit.NANOSECONDS) : buffer.poll();
            if (next == null) {
                return;
            }
            batch.add(next);
        }
        buffer.drainTo(batch, batchSize - batch.size());
    }

    /** Writes the batch, retrying while the service runs; at shutdown a batch the database refuses is lost. */
    private void write(List<Fetch> batch) throws InterruptedException {
        boolean failedBefore = false;
        while (true) {
            try {
                writer.accept(batch);
                written.increment(batch.size());
                if (failedBefore) {
                    LOG.infof("Check-ins are written to the outbox again (a batch of %d)", batch.size());
                }
                batch.clear();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    LOG.warnf("Shutting down: %d check-ins not written to the outbox: %s", batch.size(), e);
                    dropped.increment(batch.size());
                    batch.clear();
                    return;
                }
                if (!failedBefore) {
                    LOG.warnf("Check-ins cannot be written to the outbox, retrying every %d ms: %s", retryMillis, e);
                    failedBefore = true;
                }
                Thread.sleep(retryMillis);
            }
        }
    }
}
