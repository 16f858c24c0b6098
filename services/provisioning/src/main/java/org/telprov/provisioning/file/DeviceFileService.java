package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.ProvisioningEventTypes;
import org.telprov.events.Topics;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.outbox.Outbox;

import java.util.List;

/** Writes what devices fetched as {@code device.fetched} check-ins. */
@ApplicationScoped
public class DeviceFileService {

    private final Outbox outbox;

    public DeviceFileService(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Writes the {@code device.fetched} check-ins of served files (a 304 counts: the device checked in) to the outbox
     * in one transaction; the {@link CheckinBuffer} collects them.
     */
    @Transactional
    public void fetched(List<CheckinBuffer.Fetch> fetches) {
        for (CheckinBuffer.Fetch fetch : fetches) {
            DeviceRelease release = fetch.release();
            outbox.publish(Topics.DEVICE_CHECKINS, EventCodec.envelope(EventTypes.DEVICE_FETCHED,
                    DeviceCheckin.SCHEMA_VERSION, EventTypes.DEVICE, release.mac(), release.tenantId(), fetch.at(),
                    new DeviceCheckin(release.mac(), release.tenantId(), ProvisioningEventTypes.SERVICE, fetch.file(),
                            release.uvc(), null, fetch.sourceIp(), fetch.userAgent(), fetch.at())));
        }
    }
}
