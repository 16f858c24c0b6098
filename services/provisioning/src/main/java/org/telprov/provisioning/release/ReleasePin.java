package org.telprov.provisioning.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A device pinned to one release of a profile: while on that profile it gets this release, not the newest. */
@Entity
@Table(name = "release_pin")
public class ReleasePin extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "release_id", nullable = false)
    public UUID releaseId;

    @Column(name = "pinned_at", nullable = false)
    public Instant pinnedAt;

    @Column(name = "pinned_by", nullable = false)
    public String pinnedBy;

    /** One pin per device and profile. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "profile_id", nullable = false)
        public UUID profileId;

        /** 12 lower-case hex digits. */
        @Column(nullable = false)
        public String mac;

        protected Key() {
        }

        public Key(UUID profileId, String mac) {
            this.profileId = profileId;
            this.mac = mac;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && profileId.equals(key.profileId) && mac.equals(key.mac);
        }

        @Override
        public int hashCode() {
            return Objects.hash(profileId, mac);
        }
    }
}
