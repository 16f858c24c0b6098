package org.telprov.firmware.download;

import java.time.Instant;

/**
 * A signed download link.
 *
 * @param path the link relative to the firmware service's public base URL
 */
public record LinkView(String path, String mac, Instant expiresAt) {
}
