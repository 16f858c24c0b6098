package org.telprov.provisioning.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * When a device last checked in under its tenant's claim, to the hour ({@code device_seen}, V17), for queries to join
 * with {@link Device} on MAC and tenant. Written by {@link LastSeen} only.
 */
@Entity
@Table(name = "device_seen")
public class DeviceSeen extends PanacheEntityBase {

    /** 12 lower-case hex digits. */
    @Id
    public String mac;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** The hour of its newest check-in. */
    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;
}
