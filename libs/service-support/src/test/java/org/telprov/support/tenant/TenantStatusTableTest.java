package org.telprov.support.tenant;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.telprov.events.TenantSnapshot;

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

    private static TenantSnapshot snapshot(String id, String status, long version) {
        return new TenantSnapshot(id, id, "https://p.example/{mac}", status, version, TenantSnapshot.REDIRECT_AUTH_NONE);
    }
}
