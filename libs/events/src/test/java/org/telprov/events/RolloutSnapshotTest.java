package org.telprov.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout events: one compacted topic keyed by tenant and rollout, a distinct type per kind, a lossless payload. */
class RolloutSnapshotTest {

    private static final List<EventKind<RolloutSnapshot>> KINDS = List.of(RolloutSnapshot.CREATED,
            RolloutSnapshot.APPROVED, RolloutSnapshot.STARTED, RolloutSnapshot.GROUP_STARTED,
            RolloutSnapshot.AWAITING_NEXT_GROUP, RolloutSnapshot.PAUSED, RolloutSnapshot.RESUMED,
            RolloutSnapshot.FINISHED, RolloutSnapshot.CANCELLED, RolloutSnapshot.STOPPED, RolloutSnapshot.OVERTAKEN);

    @Test
    void aSnapshotSurvivesTheRoundTripKeyedByTenantAndRollout() {
        RolloutSnapshot snapshot = new RolloutSnapshot("6f1c2a3e-8d4b-4c1a-9f0e-1a2b3c4d5e6f", "acme", "release",
                "profile:acme/office", "2026-12-07_09:00:00", "paused", 0,
                List.of(new RolloutSnapshot.Group(0, "pilot", "running", Map.of("confirmed", 8, "failed", 3)),
                        new RolloutSnapshot.Group(1, "dynamic", "scheduled", Map.of())),
                List.of(new RolloutSnapshot.Pause("error_condition", 0, 8, 3, 11)), 7,
                Instant.parse("2026-12-07T10:00:00Z"));

        OutgoingEvent event = RolloutSnapshot.PAUSED.event(snapshot, snapshot.changedAt());
        EventEnvelope received = EventCodec.fromJson(EventCodec.toJson(event.envelope()));

        assertThat(event.topic()).isEqualTo(Topics.PROVISIONING_ROLLOUTS);
        assertThat(received.aggregateId()).isEqualTo("acme/6f1c2a3e-8d4b-4c1a-9f0e-1a2b3c4d5e6f");
        assertThat(received.tenantId()).isEqualTo("acme");
        assertThat(EventKind.read(received, KINDS.toArray(EventKind[]::new))).isEqualTo(snapshot);
        assertThat(Topics.COMPACTED).containsEntry(Topics.PROVISIONING_ROLLOUTS, true);
    }

    @Test
    void everyKindHasATypeOfItsOwnOnTheRolloutTopic() {
        assertThat(KINDS.stream().map(EventKind::type)).doesNotHaveDuplicates()
                .allMatch(type -> type.startsWith("rollout."));
        assertThat(Stream.of(RolloutSnapshot.FINISHED, RolloutSnapshot.GROUP_STARTED).map(EventKind::type))
                .containsExactly("rollout.finished", "rollout.group.started");
        assertThat(KINDS).allMatch(kind -> kind.topic().equals(Topics.PROVISIONING_ROLLOUTS));
    }
}
