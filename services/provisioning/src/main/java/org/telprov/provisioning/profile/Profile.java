package org.telprov.provisioning.profile;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A tenant's editable profile; what devices get is only ever a published release of it. */
@Entity
@Table(name = "profile")
public class Profile extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    /** {@link ProfileContent} as JSON ({@link ContentCodec}); secret values sealed. */
    @Column(nullable = false)
    public String content;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The instant of the newest release's UVC; the next UVC is later by at least a second. */
    @Column(name = "last_uvc_at")
    public Instant lastUvcAt;
}
