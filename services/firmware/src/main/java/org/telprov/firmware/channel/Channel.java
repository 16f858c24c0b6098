package org.telprov.firmware.channel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A named pointer ({@code latest}, {@code stable}, {@code beta}, …) from a product of one scope to an artifact. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The owning tenant's id, or {@code _platform}. */
    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String vendor;

    @Column(nullable = false)
    public String product;

    @Column(nullable = false)
    public String name;

    @Column(name = "artifact_id", nullable = false)
    public UUID artifactId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
