package org.telprov.redirect.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.MacAddress;
import org.telprov.redirect.RedirectConfig;
import org.telprov.support.checkin.CheckinSender;

import java.time.Duration;
import java.time.Instant;

/**
 * Publishes {@code device.redirected} for every answered lookup without making the lookup wait: the request thread
 * only offers the check-in to the {@link CheckinSender}'s bounded buffer, whose sender thread sends each one to
 * {@code device-checkins}.
 *
 * <p>Deliberately not the outbox: check-ins are telemetry, and a lookup must neither wait for nor fail because of
 * Kafka or the database. When the buffer is full or the broker does not take an event, the event is lost and counted
 * in {@code telprov_redirect_checkins_dropped_total}.
 */
@ApplicationScoped
public class CheckinPublisher {

    /** What the request thread hands over; the event is built on the sender's thread. */
    private record Pending(long mac, String tenantId, String sourceIp, String userAgent, Instant at) {
    }

    private final RedirectConfig.Checkins config;
    private final CheckinSender<Pending> sender;

    public CheckinPublisher(RedirectConfig config, MeterRegistry registry,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config.checkins();
        this.sender = new CheckinSender<>("redirect", new CheckinSender.Settings(this.config.bufferSize(),
                this.config.batchSize(), this.config.bootstrapServers().orElse(bootstrapServers),
                this.config.maxBlock(), this.config.deliveryTimeout()),
                (pending, nanoTime, out) -> out.send(DeviceCheckin.REDIRECTED, checkin(pending)),
                Counter.builder("telprov.redirect.checkins.sent")
                        .description("device.redirected events acknowledged by Kafka").register(registry),
                Counter.builder("telprov.redirect.checkins.dropped")
                        .description("device.redirected events lost: buffer full or not accepted by Kafka")
                        .register(registry));
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            sender.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        sender.stop(Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    /** Hands a check-in over, its free text cleaned as every check-in's is (and so bounded while it waits); never blocks. */
    public void publish(long mac, String tenantId, String sourceIp, String userAgent) {
        if (!config.enabled()) {
            return;
        }
        sender.offer(new Pending(mac, tenantId, DeviceCheckin.sourceIp(sourceIp), DeviceCheckin.userAgent(userAgent),
                Instant.now()));
    }

    private static DeviceCheckin checkin(Pending pending) {
        return DeviceCheckin.redirected(new MacAddress(pending.mac()).toString(), pending.tenantId(),
                pending.sourceIp(), pending.userAgent(), pending.at());
    }
}
