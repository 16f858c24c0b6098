package org.telprov.provisioning.release;

import java.time.Instant;

/**
 * A device's pin as the partner API shows it.
 *
 * @param applies whether the device is on the profile now (a device moved to another profile, or released, keeps its
 *                pin here, but the pin does nothing until it is back)
 */
public record PinView(String mac, String profile, String uvc, boolean applies, Instant pinnedAt, String pinnedBy) {
}
