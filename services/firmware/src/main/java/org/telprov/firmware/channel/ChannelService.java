package org.telprov.firmware.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.firmware.artifact.Artifact;
import org.telprov.firmware.artifact.ArtifactReferences;
import org.telprov.partner.Caller;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Moves and reads channels. Every move publishes the product's channels as a whole ({@code firmware.channel.updated}),
 * and channels keep the artifacts they point at from being deleted.
 */
@ApplicationScoped
public class ChannelService implements ArtifactReferences {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final EntityManager entityManager;
    private final Outbox outbox;

    public ChannelService(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /**
     * Points the caller's channel of the product at an artifact it can read.
     *
     * @throws ProblemException 400 for a bad channel name, 404 when the artifact is unknown or the caller cannot read
     *                          it, 409 {@code product_mismatch} when the artifact is of another product
     */
    @Transactional
    public ChannelView move(String scope, String vendor, String product, String name, String artifactId,
                            Predicate<String> canReadScope) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("validation_failed",
                    "channel: lower-case letters, digits and '-', up to 32, starting with a letter", "channel");
        }
        Artifact artifact = parse(artifactId).flatMap(id -> Artifact.<Artifact>findByIdOptional(id))
                .filter(a -> canReadScope.test(a.scope))
                .orElseThrow(() -> ProblemException.notFound("artifact " + artifactId));
        if (!artifact.vendor.equals(vendor) || !artifact.product.equals(product)) {
            throw ProblemException.conflict("product_mismatch", "artifact " + artifactId + " is firmware for "
                    + artifact.vendor + "/" + artifact.product + ", not " + vendor + "/" + product);
        }
        Channel channel = point(scope, vendor, product, name, artifact, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return ChannelView.of(channel, artifact);
    }

    /** Points the channel at the artifact and publishes the product's channels; runs in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Channel point(String scope, String vendor, String product, String name, Artifact artifact, Instant now) {
        // Takes the product row's lock first: concurrent moves of one product apply, and are versioned, one by one.
        long version = ((Number) entityManager.createNativeQuery("""
                        insert into product (scope, vendor, product, channel_version) values (?1, ?2, ?3, 1)
                        on conflict (scope, vendor, product) do update set channel_version = product.channel_version + 1
                        returning channel_version""")
                .setParameter(1, scope).setParameter(2, vendor).setParameter(3, product)
                .getSingleResult()).longValue();
        Channel channel = Channel.<Channel>find("scope = ?1 and vendor = ?2 and product = ?3 and name = ?4",
                scope, vendor, product, name).firstResult();
        if (channel == null) {
            channel = new Channel();
            channel.id = UUID.randomUUID();
            channel.scope = scope;
            channel.vendor = vendor;
            channel.product = product;
            channel.name = name;
        }
        channel.artifactId = artifact.id;
        channel.updatedAt = now;
        channel.persist();
        entityManager.flush();

        Map<String, FirmwareArtifactRef> all = new TreeMap<>();
        for (Object[] row : entityManager.createQuery("""
                        select c.name, a from Channel c, Artifact a
                        where a.id = c.artifactId and c.scope = ?1 and c.vendor = ?2 and c.product = ?3""", Object[].class)
                .setParameter(1, scope).setParameter(2, vendor).setParameter(3, product)
                .getResultList()) {
            all.put((String) row[0], ((Artifact) row[1]).ref());
        }
        String tenantId = Caller.tenantOf(scope);
        outbox.publish(FirmwareChannels.UPDATED.event(
                new FirmwareChannels(tenantId, vendor, product, all, name, version), now));
        return channel;
    }

    /** The channels of the product the caller can read: its own scope's and the platform's. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChannelView> list(String vendor, String product, Predicate<String> canReadScope) {
        return entityManager.createQuery("""
                        select c, a from Channel c, Artifact a
                        where a.id = c.artifactId and c.vendor = ?1 and c.product = ?2
                        order by c.scope, c.name""", Object[].class)
                .setParameter(1, vendor).setParameter(2, product)
                .getResultList().stream()
                .filter(row -> canReadScope.test(((Channel) row[0]).scope))
                .map(row -> ChannelView.of((Channel) row[0], (Artifact) row[1]))
                .toList();
    }

    @Override
    public Optional<String> referenceTo(UUID artifactId) {
        return Channel.<Channel>find("artifactId", artifactId).firstResultOptional()
                .map(c -> "channel " + c.name + (Caller.PLATFORM.equals(c.scope) ? " (platform-wide)" : ""));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
