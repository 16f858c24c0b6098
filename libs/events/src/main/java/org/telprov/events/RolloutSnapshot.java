package org.telprov.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payload of the {@code rollout.*} events (schema version 1): a rollout of provisioning as it stands after one change,
 * on the compacted {@link Topics#PROVISIONING_ROLLOUTS}, so the newest per rollout is its state. There is no event per
 * device; counts by device state are per group.
 *
 * @param kind          {@code release} or {@code firmware}
 * @param target        what may have one running rollout at a time: {@code profile:<tenant>/<profile>} or
 *                      {@code channel:<scope>/<vendor>/<product>/<channel>}
 * @param targetVersion the release's UVC, or the firmware artifact's id
 * @param status        {@code awaiting_approval}, {@code ready}, {@code running}, {@code paused}, {@code finished},
 *                      {@code cancelled}, {@code stopped} or {@code overtaken}
 * @param currentGroup  the last group started, {@code -1} before the start
 * @param groups        every group in order, the dynamic last group included
 * @param pauseReasons  why it pauses; empty unless paused
 * @param version       grows with every change of the rollout, so a consumer keeps the highest
 */
public record RolloutSnapshot(String id, String tenantId, String kind, String target, String targetVersion,
                              String status, int currentGroup, List<Group> groups, List<Pause> pauseReasons,
                              long version, Instant changedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Aggregate type: one rollout of one tenant, keyed by {@code <tenant id>/<rollout id>}. */
    public static final String AGGREGATE = "provisioning-rollout";

    public static final EventKind<RolloutSnapshot> CREATED = kind("rollout.created");
    public static final EventKind<RolloutSnapshot> APPROVED = kind("rollout.approved");
    public static final EventKind<RolloutSnapshot> STARTED = kind("rollout.started");
    public static final EventKind<RolloutSnapshot> GROUP_STARTED = kind("rollout.group.started");
    public static final EventKind<RolloutSnapshot> AWAITING_NEXT_GROUP = kind("rollout.awaiting.next.group");
    public static final EventKind<RolloutSnapshot> PAUSED = kind("rollout.paused");
    public static final EventKind<RolloutSnapshot> RESUMED = kind("rollout.resumed");
    public static final EventKind<RolloutSnapshot> FINISHED = kind("rollout.finished");
    public static final EventKind<RolloutSnapshot> CANCELLED = kind("rollout.cancelled");
    public static final EventKind<RolloutSnapshot> STOPPED = kind("rollout.stopped");
    public static final EventKind<RolloutSnapshot> OVERTAKEN = kind("rollout.overtaken");

    public RolloutSnapshot {
        groups = List.copyOf(groups);
        pauseReasons = List.copyOf(pauseReasons);
    }

    /**
     * One group: its status ({@code scheduled}, {@code running}, {@code waiting}, {@code succeeded}, {@code passed})
     * and its devices by state ({@code scheduled}, {@code offered}, {@code fetched}, {@code confirmed},
     * {@code failed}, {@code timed_out}, {@code excluded}; states without devices left out).
     */
    public record Group(int position, String name, String status, Map<String, Integer> devices) {
        public Group {
            devices = Map.copyOf(devices);
        }
    }

    /**
     * Why the rollout pauses: {@code error_condition}, {@code success_not_reached} (of group {@code group}) or
     * {@code by_hand} (group {@code -1}), with the group's counts when it was judged.
     */
    public record Pause(String kind, int group, int confirmed, int failed, int offered) {
    }

    /** The aggregate id and Kafka key of a rollout: {@code <tenant id>/<rollout id>}. */
    public static String rolloutKey(String tenantId, String id) {
        return tenantId + "/" + id;
    }

    private static EventKind<RolloutSnapshot> kind(String type) {
        return EventKind.of(type, RolloutSnapshot.class, SCHEMA_VERSION, Topics.PROVISIONING_ROLLOUTS, AGGREGATE,
                rollout -> rolloutKey(rollout.tenantId(), rollout.id()), RolloutSnapshot::tenantId);
    }
}
