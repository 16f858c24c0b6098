package org.telprov.support.tenant;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.telprov.events.TenantSnapshot;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tenant's status and time zone in memory, fed from the compacted {@code inventory-tenants} topic by
 * {@link TenantStatusFeed} (tenants are few). Services other than inventory turn it on with
 * {@code telprov.tenants.from-events=true}.
 */
@ApplicationScoped
@IfBuildProperty(name = TenantStatusTable.ENABLED, stringValue = "true")
public class TenantStatusTable implements TenantStatuses {

    /** The build property that makes a service keep this table and consume the tenant events. */
    public static final String ENABLED = "telprov.tenants.from-events";

    private static final ZoneId UTC = ZoneId.of(TenantSnapshot.DEFAULT_TIME_ZONE);

    private record Held(TenantStatus status, ZoneId zone, long version) {
    }

    private final Map<String, Held> tenants = new ConcurrentHashMap<>();
    /** The end offset, at assignment, of each partition not yet read up to it. */
    private final Map<TopicPartition, Long> replaying = new HashMap<>();
    private volatile boolean replayed;

    @Override
    public TenantStatus status(String tenantId) {
        Held held = tenantId == null ? null : tenants.get(tenantId);
        return held == null ? TenantStatus.UNKNOWN : held.status();
    }

    /**
     * The tenant's time zone, in which its rollouts' maintenance windows are read; {@code UTC} for a tenant this service
     * has not heard of.
     */
    public ZoneId zone(String tenantId) {
        Held held = tenantId == null ? null : tenants.get(tenantId);
        return held == null ? UTC : held.zone();
    }

    /** Keeps the snapshot unless a newer version of the tenant is held (the topic is replayed on every start). */
    public void apply(TenantSnapshot snapshot) {
        Held snapshotted = new Held(TenantStatus.of(snapshot.status()), zone(snapshot), snapshot.version());
        tenants.merge(snapshot.id(), snapshotted, (held, next) -> next.version() > held.version() ? next : held);
    }

    /**
     * Inventory stores only zones its JDK knows; one this JDK's older time-zone data lacks reads as {@code UTC}
     * rather than stopping the feed.
     */
    private static ZoneId zone(TenantSnapshot snapshot) {
        try {
            return ZoneId.of(snapshot.timeZone());
        } catch (DateTimeException e) {
            return UTC;
        }
    }

    /** Whether the topic has been read up to where it ended when this replica's consumer was first assigned it. */
    public boolean replayed() {
        return replayed;
    }

    /** The partitions assigned and where they ended then; an empty topic is replayed at once. */
    synchronized void assigned(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> positions) {
        if (replayed) {
            return;
        }
        endOffsets.forEach((partition, end) -> {
            if (positions.getOrDefault(partition, 0L) < end) {
                replaying.put(partition, end);
            }
        });
        replayed = replaying.isEmpty();
    }

    synchronized void consumed(TopicPartition partition, long offset) {
        if (replayed) {
            return;
        }
        Long end = replaying.get(partition);
        if (end != null && offset + 1 >= end) {
            replaying.remove(partition);
            replayed = replaying.isEmpty();
        }
    }
}
