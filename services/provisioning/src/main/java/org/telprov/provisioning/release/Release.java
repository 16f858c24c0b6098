package org.telprov.provisioning.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A profile's content frozen under a UVC, and which of the profile's devices it is for. The content never changes once
 * stored, the audience only widens; deleted only with its profile.
 */
@Entity
@Table(name = "release")
public class Release extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "profile_id", nullable = false)
    public UUID profileId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** {@code YYYY-MM-DD_HH:MM:SS}, unique and increasing per profile. */
    @Column(nullable = false)
    public String uvc;

    /** The frozen {@link org.telprov.provisioning.profile.ProfileContent} as JSON. */
    @Column(nullable = false)
    public String content;

    /** The UVC this release republishes (a rollback), or {@code null}. */
    @Column(name = "rolled_back_from")
    public String rolledBackFrom;

    /** With {@link #audiencePercent} null: only the devices with this label get the release (a staged publish). */
    @Column(name = "audience_label")
    public String audienceLabel;

    /** With {@link #audienceLabel} null: only the devices whose bucket is below this get the release (1 to 99). */
    @Column(name = "audience_percent")
    public Integer audiencePercent;

    /**
     * With label and percent null: only the devices a rollout of this release offered it get it (until the rollout's
     * finish widens it to all).
     */
    @Column(name = "audience_rollout", nullable = false)
    public boolean audienceRollout;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
