package org.telprov.provisioning.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The devices whose Digest credentials this replica refused (a wrong response, not the first step of an exchange),
 * held for the rollout scheduler, which counts them against the devices a rollout offered its change. The request
 * thread only offers to a bounded buffer: a refusal that finds it full (a flood of wrong responses) is dropped and
 * counted rather than making a device request wait.
 */
@ApplicationScoped
public class DigestRefusals {

    /** How many refusals wait for the scheduler at most. */
    static final int CAPACITY = 10_000;

    /** One refusal: the device and when it was refused. */
    public record Refused(String tenantId, String mac, Instant at) {
    }

    private final BlockingQueue<Refused> buffer = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter dropped;

    public DigestRefusals(MeterRegistry registry) {
        this.dropped = Counter.builder("telprov.provisioning.digest.refusals.dropped")
                .description("Digest refusals not passed to rollouts because their buffer was full").register(registry);
    }

    public void refused(String tenantId, String mac, Instant at) {
        if (!buffer.offer(new Refused(tenantId, mac, at))) {
            dropped.increment();
        }
    }

    /** The refusals held, oldest first; the buffer is empty afterwards. */
    public List<Refused> drain() {
        List<Refused> drained = new ArrayList<>();
        buffer.drainTo(drained);
        return drained;
    }
}
