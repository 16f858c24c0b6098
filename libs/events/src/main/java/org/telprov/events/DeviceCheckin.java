package org.telprov.events;

import java.time.Instant;

/**
 * Payload of {@code device.redirected} and {@code device.fetched} (schema version 1): a device contacted a
 * device-facing service. Published to {@link Topics#DEVICE_CHECKINS} keyed by MAC; inventory keeps the last one per
 * device and a bounded history.
 *
 * @param mac             12 lower-case hex digits
 * @param service         {@code redirect}, {@code provisioning} or {@code firmware}
 * @param file            what was served (a file name or artifact id); {@code null} for a redirect
 * @param uvc             the release's UVC the file belongs to, or {@code null}
 * @param firmwareVersion the firmware version served, or {@code null}
 * @param sourceIp        the device's address as the service saw it (after trusted proxies)
 * @param userAgent       the device's User-Agent, or {@code null}
 * @param at              when the service answered
 */
public record DeviceCheckin(String mac, String tenantId, String service, String file, String uvc,
                            String firmwareVersion, String sourceIp, String userAgent, Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
