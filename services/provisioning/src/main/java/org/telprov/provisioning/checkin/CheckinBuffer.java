package org.telprov.provisioning.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.checkin.CheckinSender;

import java.time.Duration;
import java.time.Instant;

/**
 * Records {@code device.fetched} check-ins without making the request wait and without the database: the request only
 * offers the fetch to the {@link CheckinSender}'s bounded buffer; its sender thread merges the fetches of each device
 * within its boot window into one check-in ({@link CheckinMerger}) and publishes it best effort to
 * {@code device-checkins}, as the redirect service does. A fetch that finds the buffer full, and a check-in the broker
 * does not take, is lost and counted in {@code telprov_provisioning_checkins_dropped_total}. What is pending at
 * shutdown is published before the service stops, as far as the broker takes it.
 */
@ApplicationScoped
public class CheckinBuffer {

    /** A served file, as the request hands it over; the check-in is built on the sender's thread. */
    public record Fetch(DeviceRelease release, String file, String sourceIp, String userAgent, String protocol,
                        Instant at) {
    }

    private final CheckinSender<Fetch> sender;

    @Inject
    public CheckinBuffer(ProvisioningConfig config, MeterRegistry registry,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this(new CheckinSender.Settings(config.checkins().bufferSize(), config.checkins().batchSize(),
                        config.checkins().bootstrapServers().orElse(bootstrapServers), config.checkins().maxBlock(),
                        config.checkins().deliveryTimeout()),
                new CheckinMerger(config.checkins().window(), config.checkins().pendingDevices()), registry);
    }

    CheckinBuffer(CheckinSender.Settings settings, CheckinMerger merger, MeterRegistry registry) {
        this.sender = new CheckinSender<>("provisioning", settings, merger,
                Counter.builder("telprov.provisioning.checkins.sent")
                        .description("device.fetched check-ins (one per device and boot window) acknowledged by Kafka")
                        .register(registry),
                Counter.builder("telprov.provisioning.checkins.dropped")
                        .description("device.fetched check-ins lost: a fetch found the buffer full, or Kafka did not"
                                + " take a check-in").register(registry));
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    void start() {
        sender.start();
    }

    void stop() throws InterruptedException {
        sender.stop(Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    /** A device was answered with a file of a release (a 304 counts: the device checked in); never blocks. */
    public void fetched(DeviceRelease release, String file, String sourceIp, String userAgent) {
        fetched(release, file, sourceIp, userAgent, DeviceCheckin.HTTP);
    }

    /** A device was sent a file over the protocol ({@link DeviceCheckin#HTTP}, {@link DeviceCheckin#TFTP}). */
    public void fetched(DeviceRelease release, String file, String sourceIp, String userAgent, String protocol) {
        sender.offer(new Fetch(release, file, DeviceCheckin.sourceIp(sourceIp), DeviceCheckin.userAgent(userAgent),
                protocol, Instant.now()));
    }
}
