package org.telprov.inventory.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.telprov.events.TenantSnapshot;

import java.time.Instant;

/** A provisioning customer: the devices it owns are sent to its provisioning URL. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "provisioning_url_template", nullable = false)
    public String provisioningUrlTemplate;

    @Column(nullable = false)
    public String status;

    /** {@link TenantSnapshot#REDIRECT_AUTH_NONE} or {@link TenantSnapshot#REDIRECT_AUTH_CLIENT_CERTIFICATE}. */
    @Column(name = "redirect_auth", nullable = false)
    public String redirectAuth;

    /** The IANA time zone its rollouts' maintenance windows are read in. */
    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    TenantSnapshot snapshot() {
        return new TenantSnapshot(id, name, provisioningUrlTemplate, status, version, redirectAuth, timeZone);
    }
}
