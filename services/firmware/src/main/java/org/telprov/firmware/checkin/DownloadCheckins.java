package org.telprov.firmware.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.support.outbox.Outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * Records a device's completed firmware download as its {@code device.fetched} check-in, through the outbox: a
 * download is rarer than a provisioning file and its check-in is what tells a rollout that the image arrived.
 */
@ApplicationScoped
public class DownloadCheckins {

    private final Outbox outbox;

    public DownloadCheckins(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * A device received the whole artifact (in one response, or as the last of its ranges).
     *
     * @param tenantId the tenant of the device's link, also for platform firmware
     */
    @Transactional
    public void fetched(String mac, String tenantId, UUID artifactId, String version, String sourceIp,
                        String userAgent) {
        Instant now = Instant.now();
        outbox.publish(DeviceCheckin.FETCHED.event(DeviceCheckin.downloaded(mac, tenantId, artifactId.toString(),
                version, sourceIp, userAgent, now), now));
    }
}
