package org.telprov.provisioning.rollout;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The hours in which a rollout offers its change, in the tenant's time zone: from {@code opens} (included) to
 * {@code closes} (excluded), across midnight when {@code closes} is earlier. Read from the local time of each instant,
 * so on the night clocks go forward the window opens with the first local time that exists within it (a window lying
 * wholly in the skipped hour is not open that night), and on the night they go back a window in the repeated hour is
 * open twice.
 */
public record MaintenanceWindow(LocalTime opens, LocalTime closes, ZoneId zone) {

    public MaintenanceWindow {
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        Objects.requireNonNull(zone, "zone");
        if (opens.equals(closes)) {
            throw new IllegalArgumentException("a maintenance window opens and closes at different times");
        }
    }

    public boolean isOpen(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        if (opens.isBefore(closes)) {
            return !local.isBefore(opens) && local.isBefore(closes);
        }
        return !local.isBefore(opens) || local.isBefore(closes);
    }
}
