package org.telprov.inventory.device;

import java.time.Instant;
import java.util.List;

/** A device as the partner API shows it, with what it last reported. */
public record DeviceView(String mac, String tenantId, String vendor, String model, String serial, String profile,
                         List<String> labels, Instant createdAt, Instant updatedAt, CheckinState checkin) {

    /** The device's last contact with a device-facing service; all null for a device never seen. */
    public record CheckinState(Instant firstSeen, Instant lastSeen, String lastService, String lastFile, String lastUvc,
                               String lastFirmware, String lastSourceIp, String lastUserAgent) {
    }

    static DeviceView of(Device device) {
        return new DeviceView(device.mac, device.tenantId, device.vendor, device.model, device.serial, device.profile,
                List.copyOf(device.labels), device.createdAt, device.updatedAt,
                new CheckinState(device.firstSeen, device.lastSeen, device.lastService, device.lastFile, device.lastUvc,
                        device.lastFirmware, device.lastSourceIp, device.lastUserAgent));
    }
}
