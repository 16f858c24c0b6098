package org.telprov.provisioning.firmware;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwareChannels;
import org.telprov.support.problem.ProblemException;

import java.util.Optional;
import java.util.UUID;

/**
 * Which firmware artifacts a tenant's profiles and releases may name by id: its own and the platform's, as the
 * firmware service's events said ({@link FirmwareProjection}).
 */
@ApplicationScoped
public class FirmwareArtifacts {

    private final EntityManager entityManager;

    public FirmwareArtifacts(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * @param field the request field that named the id, for the problem
     * @throws ProblemException 400 {@code unknown_artifact} when the id is not an artifact of the tenant or the
     *                          platform: another tenant's answers exactly like one that does not exist, and so does one
     *                          whose publication has not reached this service yet
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireUsable(String tenantId, String artifactId, String field) {
        Optional<UUID> id = parse(artifactId);
        boolean usable = id.isPresent() && ((Number) entityManager.createNativeQuery(
                        "select count(*) from firmware_artifact where artifact_id = ?1 and scope in (?2, ?3)")
                .setParameter(1, id.get())
                .setParameter(2, tenantId)
                .setParameter(3, FirmwareChannels.PLATFORM_SCOPE)
                .getSingleResult()).longValue() > 0;
        if (!usable) {
            throw ProblemException.badRequest("unknown_artifact",
                    "no firmware artifact " + artifactId + " of this tenant or platform-wide", field);
        }
    }

    /** An artifact as a rollout needs it: the product it is firmware for and the version it announces. */
    public record Artifact(String id, String vendor, String product, String version) {
    }

    /**
     * The artifact of the tenant or the platform with this id, as far as the firmware service's events told its product
     * and version; empty for another tenant's, an unknown one and one whose product is not known here yet.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Artifact> find(String tenantId, String artifactId) {
        Optional<UUID> id = parse(artifactId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        java.util.List<Object[]> rows = entityManager.createNativeQuery("""
                        select vendor, product, version from firmware_artifact
                        where artifact_id = ?1 and scope in (?2, ?3) and vendor is not null and product is not null
                          and version is not null
                        limit 1""")
                .setParameter(1, id.get())
                .setParameter(2, tenantId)
                .setParameter(3, FirmwareChannels.PLATFORM_SCOPE)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Artifact(id.get().toString(), (String) row[0],
                (String) row[1], (String) row[2]));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
