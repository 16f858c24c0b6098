package org.telprov.inventory.device;

import java.util.List;

/** One page of a device listing, with the total number of matching devices. */
public record DevicePage(List<DeviceView> items, int page, int size, long total) {
}
