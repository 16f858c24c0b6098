package org.telprov.provisioning.firmware;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import org.telprov.events.EventEnvelope;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.events.FirmwarePublished;
import org.telprov.events.MalformedEventException;
import org.telprov.provisioning.memory.MemoryPoller;
import org.telprov.support.inbox.ProcessedEvents;

import java.util.UUID;

/**
 * Keeps the channels of every firmware product from the firmware service's events, so a release that names a channel
 * ("stable" of a product) renders the artifact the channel points at, and which scope may use each artifact (its owner,
 * and every scope whose channel points at it) with its product and version, so a profile names only its tenant's or
 * the platform's artifacts and a firmware rollout knows what it brings ({@link FirmwareArtifacts}). A channel move
 * ends the offers of the channel's ended firmware rollouts ({@link FirmwareOffers#channelMoved}) and is announced as
 * {@link FirmwareChannelMoved}, which overtakes a running one, in the transaction that applies it. Idempotent and
 * version-checked like the device projection; unknown types and payloads that do not fit throw and are dead-lettered.
 */
@ApplicationScoped
public class FirmwareProjection {

    static final String CONSUMER = "provisioning.firmware";

    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final MeterRegistry registry;
    private final MemoryPoller memory;
    private final FirmwareOffers offers;
    private final Event<FirmwareChannelMoved> moved;

    public FirmwareProjection(ProcessedEvents processed, EntityManager entityManager, MeterRegistry registry,
                              MemoryPoller memory, FirmwareOffers offers, Event<FirmwareChannelMoved> moved) {
        this.processed = processed;
        this.entityManager = entityManager;
        this.registry = registry;
        this.memory = memory;
        this.offers = offers;
        this.moved = moved;
    }

    public void apply(EventEnvelope event) {
        String outcome;
        if (FirmwareChannels.UPDATED.is(event)) {
            outcome = channels(event, FirmwareChannels.UPDATED.payload(event));
        } else if (FirmwarePublished.PUBLISHED.is(event)) {
            // Every upload also moves 'latest', which arrives as its own channel event: only the owner is kept here.
            outcome = published(event, FirmwarePublished.PUBLISHED.payload(event));
        } else {
            throw new MalformedEventException("unknown event type " + event.type(), null);
        }
        registry.counter("telprov.provisioning.firmware.events", "type", event.type(), "outcome", outcome).increment();
    }

    private String published(EventEnvelope event, FirmwarePublished published) {
        UUID artifactId = published.artifact() == null ? null : artifactId(published.artifact().artifactId());
        if (artifactId == null) {
            throw new MalformedEventException("published event " + event.id() + " without an artifact id", null);
        }
        // A channel of a tenant may point at platform firmware: only the publication says whose an artifact is.
        String scope = published.tenantId() == null ? FirmwareChannels.PLATFORM_SCOPE : published.tenantId();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return "duplicate";
            }
            usableBy(artifactId, scope, published.vendor(), published.product(), published.artifact().version());
            return "applied";
        });
    }

    /** The scope may use the artifact, firmware of the product in the version, once a rollout needs to know. */
    private void usableBy(UUID artifactId, String scope, String vendor, String product, String version) {
        entityManager.createNativeQuery("""
                        insert into firmware_artifact (artifact_id, scope, vendor, product, version)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (artifact_id, scope) do update
                          set vendor = excluded.vendor, product = excluded.product, version = excluded.version
                          where firmware_artifact.version is null and excluded.version is not null""")
                .setParameter(1, artifactId)
                .setParameter(2, scope)
                .setParameter(3, vendor)
                .setParameter(4, product)
                .setParameter(5, version)
                .executeUpdate();
    }

    private static UUID artifactId(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String channels(EventEnvelope event, FirmwareChannels snapshot) {
        if (snapshot.vendor() == null || snapshot.product() == null || snapshot.channels() == null) {
            throw new MalformedEventException("channel event " + event.id() + " without vendor, product or channels", null);
        }
        String key = FirmwareChannels.productKey(snapshot.tenantId(), snapshot.vendor(), snapshot.product());
        String channels = FirmwareChannelsCodec.toJson(snapshot.channels());
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return "duplicate";
            }
            // every replica's memory holds the channels; this one reads the change as soon as it is committed
            memory.refreshAfterCommit();
            int written = entityManager.createNativeQuery("""
                            insert into firmware_product (product_key, channels, version) values (?1, ?2, ?3)
                            on conflict (product_key) do update
                              set channels = excluded.channels, version = excluded.version
                              where firmware_product.version < excluded.version""")
                    .setParameter(1, key)
                    .setParameter(2, channels)
                    .setParameter(3, snapshot.version())
                    .executeUpdate();
            // A channel of a scope points only at artifacts the scope may use (its own or platform-wide ones).
            String scope = snapshot.tenantId() == null ? FirmwareChannels.PLATFORM_SCOPE : snapshot.tenantId();
            for (FirmwareArtifactRef ref : snapshot.channels().values()) {
                UUID artifactId = ref == null ? null : artifactId(ref.artifactId());
                if (artifactId != null) {
                    usableBy(artifactId, scope, snapshot.vendor(), snapshot.product(), ref.version());
                }
            }
            if (written != 1) {
                return "stale";
            }
            FirmwareArtifactRef now = snapshot.moved() == null ? null : snapshot.channels().get(snapshot.moved());
            if (now != null && now.artifactId() != null) {
                offers.channelMoved(snapshot.tenantId(), snapshot.vendor(), snapshot.product(), snapshot.moved());
                moved.fire(new FirmwareChannelMoved(snapshot.tenantId(), snapshot.vendor(), snapshot.product(),
                        snapshot.moved(), now.artifactId()));
            }
            return "applied";
        });
    }
}
