package org.telprov.provisioning.device;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.DeviceSnapshot;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.device;

/**
 * A device's last-seen hour is written once an hour whatever its check-ins, one statement per batch at most and none
 * for devices remembered; only for the claim the check-in's tenant holds; and forgotten when the device is released.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class LastSeenTest {

    private static final String TENANT = "ls-acme";
    // this replica's clock: every check-in below is before it
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T18:00:00Z"), ZoneOffset.UTC);
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

    @Inject
    EntityManager entityManager;

    @Test
    void aDeviceIsWrittenOnceAnHourAndMovesOnWithALaterHourOnly() {
        String mac = "1a5750000001";
        device(mac, TENANT, "ls-office");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LastSeen replica = new LastSeen(entityManager, meters, CLOCK);

        replica.record(List.of(checkin(mac, "10:15"), checkin(mac, "10:20")));
        assertThat(seen(mac)).isEqualTo(HOUR);
        assertThat(count(meters, "written")).isEqualTo(2);
        assertThat(statements(meters)).isEqualTo(1);
        String version = rowVersion(mac);

        // again within the hour: remembered, no statement
        replica.record(List.of(checkin(mac, "10:40")));
        assertThat(count(meters, "remembered")).isEqualTo(1);
        assertThat(statements(meters)).isEqualTo(1);

        // another replica that remembers nothing (partitions moved to it) asks the table, which writes nothing
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        LastSeen other = new LastSeen(entityManager, otherMeters, CLOCK);
        other.record(List.of(checkin(mac, "10:59")));
        assertThat(count(otherMeters, "unchanged")).isEqualTo(1);
        assertThat(count(otherMeters, "written")).isZero();
        assertThat(rowVersion(mac)).isEqualTo(version);
        assertThat(seen(mac)).isEqualTo(HOUR);

        // the next hour moves it
        replica.record(List.of(checkin(mac, "11:05")));
        assertThat(seen(mac)).isEqualTo(HOUR.plusSeconds(3600));
        assertThat(rowVersion(mac)).isNotEqualTo(version);
        assertThat(count(meters, "written")).isEqualTo(3);
        assertThat(statements(meters)).isEqualTo(2);

        // a late check-in of an earlier hour moves nothing back: remembered as older, or refused by the table
        String moved = rowVersion(mac);
        replica.record(List.of(checkin(mac, "09:30")));
        assertThat(count(meters, "remembered")).isEqualTo(2);
        SimpleMeterRegistry thirdMeters = new SimpleMeterRegistry();
        new LastSeen(entityManager, thirdMeters, CLOCK).record(List.of(checkin(mac, "09:45")));
        assertThat(count(thirdMeters, "unchanged")).isEqualTo(1);
        assertThat(seen(mac)).isEqualTo(HOUR.plusSeconds(3600));
        assertThat(rowVersion(mac)).isEqualTo(moved);
    }

    @Test
    void aCheckinCountsOnlyForTheClaimItsTenantHoldsAndNeverAfterTheClock() {
        String mac = "1a5750000002";
        device(mac, TENANT, "ls-office");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LastSeen replica = new LastSeen(entityManager, meters, CLOCK);

        replica.record(List.of(DeviceCheckin.redirected(mac, "ls-globex", "10.0.0.1", null, at("10:15")),
                DeviceCheckin.redirected("1a5750ffffff", TENANT, "10.0.0.1", null, at("10:15")),
                DeviceCheckin.redirected("not-a-mac", TENANT, "10.0.0.1", null, at("10:15"))));
        assertThat(seen(mac)).isNull();
        assertThat(seen("1a5750ffffff")).isNull();
        assertThat(count(meters, "unclaimed")).isEqualTo(3);

        // a service's clock ahead of this replica's counts as now
        replica.record(List.of(DeviceCheckin.redirected(mac, TENANT, "10.0.0.1", null,
                Instant.parse("2027-01-01T00:00:00Z"))));
        assertThat(seen(mac)).isEqualTo(Instant.parse("2026-11-20T18:00:00Z"));
    }

    @Test
    void aReleasedDeviceLosesItsLastSeenAndIsWrittenAgainOnceClaimed() {
        String mac = "1a5750000003";
        device(mac, TENANT, "ls-office");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LastSeen replica = new LastSeen(entityManager, meters, CLOCK);
        replica.record(List.of(checkin(mac, "10:15")));
        assertThat(seen(mac)).isEqualTo(HOUR);

        // the device projection deletes the row of a released device...
        device(DeviceSnapshot.RELEASED, mac, TENANT, "mx3b", "ls-office", 2);
        await().until(() -> seen(mac) == null);
        // ...and tells every replica's memory, which asks the table again for the device's next check-in
        replica.claimed(mac, TENANT, true);
        device(DeviceSnapshot.REGISTERED, mac, TENANT, "mx3b", "ls-office", 3);
        replica.record(List.of(checkin(mac, "10:30")));
        assertThat(seen(mac)).isEqualTo(HOUR);
        assertThat(count(meters, "remembered")).isZero();
        assertThat(count(meters, "written")).isEqualTo(2);
    }

    @Test
    void aDeviceMovedToAnotherTenantIsWrittenForItsNewTenant() {
        String mac = "1a5750000004";
        device(mac, TENANT, "ls-office");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LastSeen replica = new LastSeen(entityManager, meters, CLOCK);
        replica.record(List.of(checkin(mac, "10:15")));

        device(DeviceSnapshot.UPDATED, mac, "ls-globex", "mx3b", "ls-office", 2);
        replica.record(List.of(DeviceCheckin.redirected(mac, "ls-globex", "10.0.0.1", null, at("10:30"))));

        assertThat(QuarkusTransaction.requiringNew().call(() -> DeviceSeen.<DeviceSeen>findById(mac).tenantId))
                .isEqualTo("ls-globex");
        assertThat(count(meters, "written")).isEqualTo(2);
    }

    private static DeviceCheckin checkin(String mac, String time) {
        return DeviceCheckin.provisioned(mac, TENANT, "nvm/settings.xml", List.of("nvm/settings.xml"),
                "2026-11-01_00:00:00", "10.0.0.1", "Gigaset Maxwell 3/2.22.4;" + mac.toUpperCase(), at(time),
                DeviceCheckin.HTTP);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-20T" + time + ":00Z");
    }

    private static Instant seen(String mac) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DeviceSeen row = DeviceSeen.findById(mac);
            return row == null ? null : row.seenAt;
        });
    }

    /** The row version's transaction id: it changes with every write of the row, and only then. */
    private String rowVersion(String mac) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select xmin::text from device_seen where mac = ?1").setParameter(1, mac).getSingleResult());
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        return meters.get(LastSeen.METRIC).tag("outcome", outcome).counter().count();
    }

    private static double statements(SimpleMeterRegistry meters) {
        return meters.get(LastSeen.METRIC + ".statements").counter().count();
    }
}
