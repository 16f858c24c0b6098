package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window is read in the tenant's local time: across midnight, and on both nights the clocks change. */
class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowWithinADayOpensAtItsStartAndClosesAtItsEnd() {
        MaintenanceWindow window = new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0), BERLIN);
        // winter: Berlin is UTC+1
        assertThat(window.isOpen(Instant.parse("2026-12-07T00:59:59Z"))).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-12-07T01:00:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-12-07T02:59:59Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-12-07T03:00:00Z"))).isFalse();
    }

    @Test
    void aWindowAcrossMidnightIsOpenOnBothSidesOfIt() {
        MaintenanceWindow window = new MaintenanceWindow(LocalTime.of(22, 0), LocalTime.of(4, 0), BERLIN);
        assertThat(window.isOpen(Instant.parse("2026-12-07T20:59:59Z"))).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-12-07T21:00:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-12-07T23:30:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-12-08T02:59:59Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-12-08T03:00:00Z"))).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-12-08T12:00:00Z"))).isFalse();
    }

    @Test
    void theNightClocksGoForwardTheWindowOpensWithTheFirstLocalTimeThatExists() {
        // 2026-03-29 02:00 CET becomes 03:00 CEST (01:00 UTC): 01:00 to 04:00 local is two hours long that night
        MaintenanceWindow window = new MaintenanceWindow(LocalTime.of(1, 0), LocalTime.of(4, 0), BERLIN);
        assertThat(window.isOpen(Instant.parse("2026-03-28T23:59:59Z"))).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-03-29T00:00:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T01:59:59Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-29T02:00:00Z"))).isFalse();
        // a window lying wholly in the skipped hour is not open that night, and is again the next
        MaintenanceWindow skipped = new MaintenanceWindow(LocalTime.of(2, 15), LocalTime.of(2, 45), BERLIN);
        for (Instant at = Instant.parse("2026-03-28T22:00:00Z"); at.isBefore(Instant.parse("2026-03-29T06:00:00Z"));
             at = at.plusSeconds(300)) {
            assertThat(skipped.isOpen(at)).as(at.toString()).isFalse();
        }
        assertThat(skipped.isOpen(Instant.parse("2026-03-30T00:20:00Z"))).isTrue();
    }

    @Test
    void theNightClocksGoBackAWindowInTheRepeatedHourIsOpenTwice() {
        // 2026-10-25 03:00 CEST becomes 02:00 CET (01:00 UTC): 02:00 to 03:00 local happens twice
        MaintenanceWindow window = new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(3, 0), BERLIN);
        assertThat(window.isOpen(Instant.parse("2026-10-24T23:59:59Z"))).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-10-25T00:00:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T00:59:59Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T01:00:00Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T01:59:59Z"))).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-10-25T02:00:00Z"))).isFalse();
    }

    @Test
    void theWindowFollowsTheTenantsZone() {
        MaintenanceWindow newYork = new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(4, 0),
                ZoneId.of("America/New_York"));
        // 02:00 in Berlin is 20:00 the evening before in New York
        assertThat(newYork.isOpen(Instant.parse("2026-12-07T01:00:00Z"))).isFalse();
        assertThat(newYork.isOpen(Instant.parse("2026-12-07T07:00:00Z"))).isTrue();
    }

    @Test
    void aWindowThatOpensWhenItClosesIsRefused() {
        assertThatThrownBy(() -> new MaintenanceWindow(LocalTime.of(2, 0), LocalTime.of(2, 0), BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
