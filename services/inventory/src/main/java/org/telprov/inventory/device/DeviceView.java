package org.telprov.inventory.device;

import java.time.Instant;

/** A device as the partner API shows it. */
public record DeviceView(String mac, String vendor, String model, String serial, String profile, Instant createdAt,
                         Instant updatedAt) {

    static DeviceView of(Device device) {
        return new DeviceView(device.mac, device.vendor, device.model, device.serial, device.profile, device.createdAt,
                device.updatedAt);
    }
}
