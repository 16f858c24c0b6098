package org.telprov.support.tenant;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.telprov.events.TenantSnapshot;

import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TenantStatusTableTest {

    private static final TopicPartition P0 = new TopicPartition("inventory-tenants", 0);
    private static final TopicPartition P1 = new TopicPartition("inventory-tenants", 1);

    @Test
    void aTenantIsActiveOnlyWhileItsNewestSnapshotSaysSoAndUnknownBeforeAny() {
        TenantStatusTable table = new TenantStatusTable();
        assertThat(table.status("acme")).isEqualTo(TenantStatus.UNKNOWN);
        assertThat(table.status(null)).isEqualTo(TenantStatus.UNKNOWN);

        table.apply(snapshot("acme", "active", 1));
        assertThat(table.status("acme")).isEqualTo(TenantStatus.ACTIVE);
        table.apply(snapshot("acme", "suspended", 3));
        table.apply(snapshot("acme", "active", 2)); // a stale snapshot changes nothing
        assertThat(table.status("acme")).isEqualTo(TenantStatus.SUSPENDED);
        table.apply(snapshot("acme", "something-new", 4));
        assertThat(table.status("acme")).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(table.status("globex")).isEqualTo(TenantStatus.UNKNOWN);
    }

    @Test
    void aTenantIsInTheZoneOfItsNewestSnapshotAndInUtcBeforeAnyOrWhenTheZoneIsUnknownHere() {
        TenantStatusTable table = new TenantStatusTable();
        assertThat(table.zone("acme")).isEqualTo(ZoneId.of("UTC"));

        table.apply(zoned("acme", 1, "Europe/Berlin"));
        table.apply(zoned("acme", 3, "Asia/Tokyo"));
        table.apply(zoned("acme", 2, "America/New_York")); // late and stale
        assertThat(table.zone("acme")).isEqualTo(ZoneId.of("Asia/Tokyo"));

        table.apply(zoned("globex", 1, "Mars/Olympus_Mons"));
        assertThat(table.zone("globex")).isEqualTo(ZoneId.of("UTC"));
        assertThat(table.status("globex")).isEqualTo(TenantStatus.ACTIVE);
        // an event written before tenants had zones
        table.apply(snapshot("initech", "active", 1));
        assertThat(table.zone("initech")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void theTableIsReplayedOnceEveryPartitionIsReadUpToWhereItEndedAtAssignment() {
        TenantStatusTable table = new TenantStatusTable();
        assertThat(table.replayed()).isFalse();

        table.assigned(Map.of(P0, 3L, P1, 0L), Map.of(P0, 0L, P1, 0L));
        assertThat(table.replayed()).isFalse();
        table.consumed(P0, 1);
        assertThat(table.replayed()).isFalse();
        table.consumed(P0, 2);
        assertThat(table.replayed()).isTrue();
    }

    @Test
    void anEmptyTopicIsReplayedAtAssignment() {
        TenantStatusTable table = new TenantStatusTable();
        table.assigned(Map.of(P0, 0L, P1, 5L), Map.of(P0, 0L, P1, 5L));
        assertThat(table.replayed()).isTrue();
    }

    private static TenantSnapshot zoned(String id, long version, String zone) {
        return new TenantSnapshot(id, id, "https://p.example/{mac}", "active", version,
                TenantSnapshot.REDIRECT_AUTH_NONE, zone);
    }

    private static TenantSnapshot snapshot(String id, String status, long version) {
        return new TenantSnapshot(id, id, "https://p.example/{mac}", status, version, TenantSnapshot.REDIRECT_AUTH_NONE);
    }
}
