package org.telprov.redirect.route;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What the redirect service knows of a device: its tenant and the values its URL markers need. */
@Entity
@Table(name = "device_route")
public class DeviceRoute extends PanacheEntityBase {

    /** The MAC's 48 bits, as {@link org.telprov.events.MacAddress#value()}. */
    @Id
    public long mac;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String vendor;

    @Column(nullable = false)
    public String model;

    public String serial;

    /** A released device is kept, with its version, so an older event cannot bring it back. */
    @Column(nullable = false)
    public boolean released;

    @Column(nullable = false)
    public long version;
}
