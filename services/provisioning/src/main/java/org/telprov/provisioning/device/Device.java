package org.telprov.provisioning.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A device as inventory last described it: whose it is and which profile it should get. Written by the projection only. */
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

    /** The product id, e.g. {@code mx3b}: the {@code productID} of Maxwell files. */
    @Column(nullable = false)
    public String model;

    public String serial;

    public String profile;

    /** The partner's labels, comma-separated (for staged rollouts later). */
    @Column(nullable = false)
    public String labels;

    /** A released device keeps its row and version, and gets no files. */
    @Column(nullable = false)
    public boolean released;

    @Column(nullable = false)
    public long version;
}
