package org.telprov.provisioning.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tenant's stored device-authentication setting; a tenant without a row has the defaults. */
@Entity
@Table(name = "device_auth")
public class DeviceAuth extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(nullable = false)
    public String mode;

    /** A JSON array of file names. */
    @Column(name = "public_files", nullable = false)
    public String publicFiles;

    /** A JSON array of algorithm names. */
    @Column(nullable = false)
    public String algorithms;

    /** A JSON array of the dialects TFTP serves. */
    @Column(name = "tftp_dialects", nullable = false)
    public String tftpDialects;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
