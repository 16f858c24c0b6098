package org.telprov.inventory.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.telprov.events.DeviceSnapshot;

import java.time.Instant;

/** A phone or base station, known by its MAC and owned by exactly one tenant. */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    /** 12 lower-case hex digits. */
    @Id
    public String mac;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String vendor;

    @Column(nullable = false)
    public String model;

    public String serial;

    public String profile;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    DeviceSnapshot snapshot() {
        return new DeviceSnapshot(mac, tenantId, vendor, model, serial, profile, version);
    }
}
