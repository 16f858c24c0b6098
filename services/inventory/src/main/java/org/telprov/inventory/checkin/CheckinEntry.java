package org.telprov.inventory.checkin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * One contact of a device with a device-facing service, kept in a bounded history per device. Read here; written by
 * {@link CheckinService} a polled batch per statement, which takes the ids from {@code device_checkin_seq}.
 */
@Entity
@Immutable
@Table(name = "device_checkin")
public class CheckinEntry extends PanacheEntityBase {

    @Id
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

    /** The files of a provisioning boot; {@code null} on rows from before check-ins named them. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "varchar(255)[]")
    public List<String> files;

    public String uvc;

    @Column(name = "firmware_version")
    public String firmwareVersion;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "user_agent")
    public String userAgent;

    /** {@code http} or {@code tftp} for provisioning's check-ins; {@code null} on older rows and other services'. */
    public String protocol;

    @Column(nullable = false)
    public Instant at;
}
