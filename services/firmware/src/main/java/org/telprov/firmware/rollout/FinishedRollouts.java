package org.telprov.firmware.rollout;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventKind;
import org.telprov.events.MalformedEventException;
import org.telprov.events.RolloutSnapshot;
import org.telprov.firmware.artifact.Artifact;
import org.telprov.firmware.channel.Channel;
import org.telprov.firmware.channel.ChannelService;
import org.telprov.partner.Caller;
import org.telprov.support.inbox.ProcessedEvents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves a product's channel when a firmware rollout of it finishes (provisioning's {@code rollout.finished}): the
 * channel then names the rollout's artifact for every device, and the usual {@code firmware.channel.updated} goes out
 * through the outbox. Idempotent: each event is applied once (processed-event table, in the move's transaction), and
 * a channel that names the artifact already, or that moved after the rollout finished (a person's later move wins),
 * is left as it is. The other rollout events and release rollouts change nothing here; a type that is no rollout event
 * and a finished rollout naming no channel of its tenant or no artifact it may use throw, to be dead-lettered.
 */
@ApplicationScoped
public class FinishedRollouts {

    static final String CONSUMER = "firmware.rollouts";
    private static final List<EventKind<RolloutSnapshot>> KINDS = List.of(RolloutSnapshot.CREATED,
            RolloutSnapshot.APPROVED, RolloutSnapshot.STARTED, RolloutSnapshot.GROUP_STARTED,
            RolloutSnapshot.AWAITING_NEXT_GROUP, RolloutSnapshot.PAUSED, RolloutSnapshot.RESUMED,
            RolloutSnapshot.FINISHED, RolloutSnapshot.CANCELLED, RolloutSnapshot.STOPPED, RolloutSnapshot.OVERTAKEN);
    private static final String FIRMWARE = "firmware";
    private static final String CHANNEL_TARGET = "channel:";

    private final ProcessedEvents processed;
    private final ChannelService channels;
    private final MeterRegistry registry;

    public FinishedRollouts(ProcessedEvents processed, ChannelService channels, MeterRegistry registry) {
        this.processed = processed;
        this.channels = channels;
        this.registry = registry;
    }

    public void apply(EventEnvelope event) {
        if (KINDS.stream().noneMatch(kind -> kind.is(event))) {
            throw new MalformedEventException("unknown event type " + event.type(), null);
        }
        String outcome = "ignored";
        if (RolloutSnapshot.FINISHED.is(event)) {
            RolloutSnapshot rollout = RolloutSnapshot.FINISHED.payload(event);
            if (FIRMWARE.equals(rollout.kind())) {
                outcome = finished(event, rollout);
            }
        }
        registry.counter("telprov.firmware.rollout.events", "type", event.type(), "outcome", outcome).increment();
    }

    /** The target of a firmware rollout: {@code channel:<tenant>/<vendor>/<product>/<channel>}. */
    private record Target(String scope, String vendor, String product, String channel) {
    }

    private String finished(EventEnvelope event, RolloutSnapshot rollout) {
        Target target = target(event, rollout);
        UUID artifactId = artifactId(event, rollout.targetVersion());
        Instant finishedAt = rollout.changedAt() == null ? event.occurredAt() : rollout.changedAt();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return "duplicate";
            }
            Artifact artifact = Artifact.<Artifact>findByIdOptional(artifactId)
                    .filter(a -> a.scope.equals(target.scope()) || Caller.PLATFORM.equals(a.scope))
                    .filter(a -> a.vendor.equals(target.vendor()) && a.product.equals(target.product()))
                    .orElseThrow(() -> new MalformedEventException("rollout " + rollout.id() + " finished with "
                            + "artifact " + artifactId + ", which is no firmware of " + target.vendor() + "/"
                            + target.product() + " its tenant may use", null));
            Optional<Channel> channel = Channel.<Channel>find("scope = ?1 and vendor = ?2 and product = ?3 and name = ?4",
                    target.scope(), target.vendor(), target.product(), target.channel()).firstResultOptional();
            if (channel.isPresent() && channel.get().artifactId.equals(artifactId)) {
                return "unchanged";
            }
            if (channel.isPresent() && finishedAt != null && channel.get().updatedAt.isAfter(finishedAt)) {
                Log.infof("Rollout %s finished before channel %s of %s/%s moved again: the channel stays",
                        rollout.id(), target.channel(), target.vendor(), target.product());
                return "superseded";
            }
            channels.point(target.scope(), target.vendor(), target.product(), target.channel(), artifact,
                    Instant.now().truncatedTo(ChronoUnit.MICROS));
            return "moved";
        });
    }

    private static Target target(EventEnvelope event, RolloutSnapshot rollout) {
        String key = rollout.target();
        String[] parts = key == null || !key.startsWith(CHANNEL_TARGET) ? new String[0]
                : key.substring(CHANNEL_TARGET.length()).split("/", -1);
        // a tenant's rollout moves that tenant's channel (its own, shadowing the platform's of the same name)
        if (parts.length != 4 || rollout.tenantId() == null || !parts[0].equals(rollout.tenantId())
                || List.of(parts).stream().anyMatch(String::isEmpty)) {
            throw new MalformedEventException("firmware rollout event " + event.id() + " names no channel of its "
                    + "tenant: " + key, null);
        }
        return new Target(parts[0], parts[1], parts[2], parts[3]);
    }

    private static UUID artifactId(EventEnvelope event, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("firmware rollout event " + event.id() + " names no artifact id", e);
        }
    }
}
