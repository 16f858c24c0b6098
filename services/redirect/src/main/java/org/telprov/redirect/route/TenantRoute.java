package org.telprov.redirect.route;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where a tenant's devices are sent. */
@Entity
@Table(name = "tenant_route")
public class TenantRoute extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "url_template", nullable = false)
    public String urlTemplate;

    /** A suspended tenant's devices are not redirected. */
    @Column(nullable = false)
    public boolean active;

    @Column(nullable = false)
    public long version;
}
