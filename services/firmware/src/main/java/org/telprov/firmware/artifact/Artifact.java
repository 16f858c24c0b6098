package org.telprov.firmware.artifact;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.telprov.events.FirmwareArtifactRef;

import java.time.Instant;
import java.util.UUID;

/** A firmware image's metadata; its bytes are in the blob store under {@link #sha256}. Never changes once stored. */
@Entity
@Table(name = "artifact")
public class Artifact extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The owning tenant's id, or {@code _platform} for vendor firmware every tenant can read. */
    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String vendor;

    @Column(nullable = false)
    public String product;

    @Column(nullable = false)
    public String version;

    @Column(name = "oem_name")
    public String oemName;

    @Column(name = "release_notes")
    public String releaseNotes;

    @Column(nullable = false)
    public long size;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public String md5;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    public FirmwareArtifactRef ref() {
        return new FirmwareArtifactRef(id.toString(), version, size, sha256, md5);
    }
}
