package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A rollout as the partner API shows it: what it brings to which devices, how, where it stands, and its progress per
 * group and in total (devices by state, states without devices left out). A release rollout names its profile and
 * UVC, a firmware rollout its vendor, product, channel, artifact and the version the artifact announces;
 * {@code confirmationMinutes} is the window's whole minutes, {@code confirmationSeconds} all of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(UUID id, String tenant, String kind, String profile, String uvc, String vendor,
                          String product, String channel, String artifactId, String firmwareVersion, String target,
                          TargetFilter filter, String status, int currentGroup, String createdBy, String approvedBy,
                          boolean approvalRequired, Instant createdAt, Instant startAt, Instant startedAt,
                          Instant endedAt, int successPercent, String successAction, int errorPercent,
                          int confirmationMinutes, long confirmationSeconds, Window maintenanceWindow,
                          int digestRefusalLimit,
                          List<Pause> pauseReasons, List<GroupView> groups, Map<String, Integer> total, UUID retryOf,
                          long version) {

    /** The maintenance window; {@code zone} is the request's (UTC by default) until tenants have one. */
    public record Window(String opens, String closes, String zone) {
    }

    /** Why it pauses; {@code group} is {@code -1} for a pause by hand. */
    public record Pause(String kind, int group, int confirmed, int failed, int offered) {
        static Pause of(PauseReason reason) {
            return new Pause(RolloutStore.lower(reason.kind()), reason.group(), reason.confirmed(), reason.failed(),
                    reason.offered());
        }
    }

    /** One group with its devices by state; its conditions when it has its own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupView(int position, String name, Integer share, String label, Integer successPercent,
                            String successAction, Integer errorPercent, String status, Instant startedAt,
                            Map<String, Integer> devices) {
    }

    static RolloutView of(RolloutStore.Stored stored) {
        List<RolloutStore.GroupRow> groups = stored.groups();
        RolloutRow row = stored.row();
        Rollout rollout = row.rollout();
        Map<DeviceState, Integer> total = new EnumMap<>(DeviceState.class);
        List<GroupView> groupViews = groups.stream().map(g -> {
            g.devices().forEach((state, count) -> total.merge(state, count, Integer::sum));
            Conditions own = g.conditions();
            return new GroupView(g.position(), g.name(), g.share(), g.label(),
                    own == null ? null : own.successPercent(),
                    own == null ? null : RolloutStore.lower(own.onSuccess()),
                    own == null ? null : own.errorPercent(), RolloutStore.lower(g.status()), g.startedAt(),
                    counts(g.devices()));
        }).toList();
        if (row.excluded() > 0) {
            total.merge(DeviceState.EXCLUDED, row.excluded(), Integer::sum);
        }
        MaintenanceWindow window = rollout.maintenanceWindow();
        RolloutTarget target = rollout.target();
        boolean release = target.kind() == RolloutTarget.Kind.RELEASE;
        return new RolloutView(rollout.id(), rollout.tenantId(), RolloutStore.lower(target.kind()),
                row.profile(), release ? target.version() : null, row.vendor(), row.product(), row.channel(),
                release ? null : target.version(), target.firmwareVersion(), target.key(), row.filter(), RolloutStore.lower(stored.status()), stored.currentGroup(),
                rollout.createdBy(), stored.approvedBy(), rollout.approvalRequired(), row.createdAt(),
                rollout.startAt(), row.startedAt(), row.endedAt(), rollout.conditions().successPercent(),
                RolloutStore.lower(rollout.conditions().onSuccess()), rollout.conditions().errorPercent(),
                (int) rollout.confirmationWindow().toMinutes(), rollout.confirmationWindow().toSeconds(),
                window == null ? null : new Window(window.opens().toString(), window.closes().toString(),
                        window.zone().getId()),
                rollout.digestRefusalLimit(), stored.pauseReasons().stream().map(Pause::of).toList(), groupViews,
                counts(total), row.retryOf(), row.version());
    }

    static Map<String, Integer> counts(Map<DeviceState, Integer> devices) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DeviceState state : DeviceState.values()) {
            Integer count = devices.get(state);
            if (count != null && count > 0) {
                counts.put(RolloutStore.lower(state), count);
            }
        }
        return counts;
    }
}
