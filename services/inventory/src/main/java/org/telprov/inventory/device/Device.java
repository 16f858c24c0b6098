package org.telprov.inventory.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.telprov.events.DeviceSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A phone or base station, known by its MAC and owned by at most one tenant. A released device keeps its row (and
 * version) until another claim takes it over, so the versions its events carry keep increasing.
 */
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

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> labels = new ArrayList<>();

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "first_seen")
    public Instant firstSeen;

    @Column(name = "last_seen")
    public Instant lastSeen;

    @Column(name = "last_service")
    public String lastService;

    @Column(name = "last_file")
    public String lastFile;

    @Column(name = "last_uvc")
    public String lastUvc;

    @Column(name = "last_firmware")
    public String lastFirmware;

    @Column(name = "last_uvc_at")
    public Instant lastUvcAt;

    @Column(name = "last_firmware_at")
    public Instant lastFirmwareAt;

    @Column(name = "last_source_ip")
    public String lastSourceIp;

    @Column(name = "last_user_agent")
    public String lastUserAgent;

    boolean released() {
        return releasedAt != null;
    }

    /** True when the request would change nothing the partner controls. */
    boolean sameAs(DeviceRequest request) {
        return vendor.equals(request.vendor()) && model.equals(request.model())
                && java.util.Objects.equals(serial, request.serial())
                && java.util.Objects.equals(profile, request.profile())
                && labels.equals(request.labelsOrEmpty());
    }

    void apply(DeviceRequest request) {
        vendor = request.vendor();
        model = request.model();
        serial = request.serial();
        profile = request.profile();
        labels = new ArrayList<>(request.labelsOrEmpty());
    }

    DeviceSnapshot snapshot() {
        return new DeviceSnapshot(mac, tenantId, vendor, model, serial, profile, List.copyOf(labels), version);
    }
}
