package org.telprov.inventory.checkin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** One contact of a device with a device-facing service, kept in a bounded history per device. */
@Entity
@Table(name = "device_checkin")
public class CheckinEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "device_checkin_seq")
    @SequenceGenerator(name = "device_checkin_seq", sequenceName = "device_checkin_seq", allocationSize = 50)
    public Long id;

    @Column(nullable = false)
    public String mac;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** With {@link #tenantId}, the claim of the MAC this check-in belongs to: the device's {@code created_at}. */
    @Column(name = "claimed_at", nullable = false)
    public Instant claimedAt;

    @Column(nullable = false)
    public String service;

    public String file;

    public String uvc;

    @Column(name = "firmware_version")
    public String firmwareVersion;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(nullable = false)
    public Instant at;
}
