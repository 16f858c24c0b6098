package org.telprov.firmware.artifact;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwarePublished;
import org.telprov.partner.Caller;
import org.telprov.firmware.channel.ChannelService;
import org.telprov.firmware.quota.StorageQuotas;
import org.telprov.firmware.store.BlobStore;
import org.telprov.firmware.store.StagedBlob;
import org.telprov.partner.Page;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** Stores, reads and deletes artifacts; publishing one also moves its product's {@code latest} channel to it. */
@ApplicationScoped
public class ArtifactService {

    /** The channel every publish moves, so it always names the newest upload of the product. */
    public static final String LATEST = "latest";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final BlobStore store;
    private final ChannelService channels;
    private final Instance<ArtifactReferences> references;
    private final StorageQuotas quotas;

    public ArtifactService(EntityManager entityManager, Outbox outbox, BlobStore store, ChannelService channels,
                           Instance<ArtifactReferences> references, StorageQuotas quotas) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.store = store;
        this.channels = channels;
        this.references = references;
        this.quotas = quotas;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean versionExists(String scope, ArtifactUpload upload) {
        return Artifact.count("scope = ?1 and vendor = ?2 and product = ?3 and version = ?4",
                scope, upload.vendor(), upload.product(), upload.version()) > 0;
    }

    /**
     * Moves the verified upload into the store and records it, with {@code firmware.published} and the {@code latest}
     * channel's move in the outbox.
     *
     * @throws ProblemException 409 {@code version_exists} when the product already has this version in the scope, 413
     *                          {@code quota_exceeded} when the scope's other uploads filled its quota meanwhile
     */
    @Transactional
    public ArtifactView publish(String scope, String principal, ArtifactUpload upload, StagedBlob staged) {
        quotas.reserve(scope, staged.size());
        lockBlob(staged.sha256());
        try {
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the artifact", e);
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Insert-or-nothing on the unique version settles concurrent uploads of the same version.
        int inserted = entityManager.createNativeQuery("""
                        insert into artifact (id, scope, vendor, product, version, oem_name, release_notes, size, sha256,
                                              md5, created_at, created_by)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                        on conflict (scope, vendor, product, version) do nothing""")
                .setParameter(1, id).setParameter(2, scope).setParameter(3, upload.vendor())
                .setParameter(4, upload.product()).setParameter(5, upload.version()).setParameter(6, upload.oemName())
                .setParameter(7, upload.releaseNotes()).setParameter(8, staged.size()).setParameter(9, staged.sha256())
                .setParameter(10, staged.md5()).setParameter(11, now).setParameter(12, principal)
                .executeUpdate();
        if (inserted == 0) {
            deleteBlobUnlessReferenced(staged.sha256(), null);
            throw versionExists(upload);
        }
        Artifact artifact = Artifact.findById(id);
        String tenantId = Caller.tenantOf(scope);
        outbox.publish(FirmwarePublished.PUBLISHED.event(new FirmwarePublished(tenantId, artifact.vendor,
                artifact.product, artifact.ref(), artifact.oemName, artifact.releaseNotes, now), now));
        channels.point(scope, artifact.vendor, artifact.product, LATEST, artifact, now);
        quotas.refreshGauges();
        return ArtifactView.of(artifact);
    }

    /** The artifact when the caller may read it; another tenant's looks exactly like an unknown one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Artifact> visible(String id, Predicate<String> canReadScope) {
        return parseId(id).flatMap(uuid -> Artifact.<Artifact>findByIdOptional(uuid))
                .filter(artifact -> canReadScope.test(artifact.scope));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ArtifactView> find(String id, Predicate<String> canReadScope) {
        return visible(id, canReadScope).map(ArtifactView::of);
    }

    /**
     * The artifacts of the given scopes (all scopes when empty), optionally of one vendor and product, newest first.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ArtifactView> list(Optional<List<String>> scopes, String vendor, String product, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        scopes.ifPresent(readable -> {
            query.append(" and scope in :scopes");
            parameters.put("scopes", readable);
        });
        if (vendor != null) {
            query.append(" and vendor = :vendor");
            parameters.put("vendor", vendor);
        }
        if (product != null) {
            query.append(" and product = :product");
            parameters.put("product", product);
        }
        // The id breaks ties between uploads of the same instant, so pages are stable.
        var found = Artifact.<Artifact>find(query.toString(), Sort.descending("createdAt", "id"), parameters);
        List<ArtifactView> items = found.page(page, size).stream().map(ArtifactView::of).toList();
        return new Page<>(items, page, size, found.count());
    }

    /**
     * Deletes the artifact and, when no other artifact has the same bytes, its blob.
     *
     * @throws ProblemException 404 when the caller cannot read it, 403 {@code read_only} when it may read but not
     *                          change it (platform-wide firmware for a partner), 409 {@code artifact_in_use} while a
     *                          channel or release references it
     */
    @Transactional
    public void delete(String id, Predicate<String> canReadScope, Predicate<String> canWriteScope) {
        Artifact artifact = visible(id, canReadScope).orElseThrow(() -> notFound(id));
        if (!canWriteScope.test(artifact.scope)) {
            throw new ProblemException(403, "read_only", "Forbidden",
                    "artifact " + id + " is platform-wide firmware; only the operator can change it");
        }
        for (ArtifactReferences reference : references) {
            Optional<String> holder = reference.referenceTo(artifact.id);
            if (holder.isPresent()) {
                throw ProblemException.conflict("artifact_in_use",
                        "artifact " + id + " is still referenced by " + holder.get() + "; move that first");
            }
        }
        lockBlob(artifact.sha256);
        artifact.delete();
        entityManager.flush();
        deleteBlobUnlessReferenced(artifact.sha256, artifact.id);
        quotas.refreshGauges();
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("artifact " + id);
    }

    static ProblemException versionExists(ArtifactUpload upload) {
        return ProblemException.conflict("version_exists", "product " + upload.vendor() + "/" + upload.product()
                + " already has version " + upload.version());
    }

    // Serialises the writers of one blob, so a delete cannot remove bytes an upload of the same content just committed.
    private void lockBlob(String sha256) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, sha256)
                .getSingleResult();
    }

    private void deleteBlobUnlessReferenced(String sha256, UUID deleted) {
        long users = deleted == null ? Artifact.count("sha256", sha256)
                : Artifact.count("sha256 = ?1 and id <> ?2", sha256, deleted);
        if (users == 0) {
            try {
                store.delete(sha256);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete blob " + sha256, e);
            }
        }
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
