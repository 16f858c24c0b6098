package org.telprov.inventory.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.Topics;
import org.telprov.inventory.tenant.Tenant;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.util.Optional;

/** Registers and reads devices for one tenant at a time, enforcing that a MAC has at most one owner. */
@ApplicationScoped
public class DeviceService {

    private final EntityManager entityManager;
    private final Outbox outbox;

    public DeviceService(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /**
     * Claims the MAC for the tenant and publishes {@code device.registered}.
     *
     * @throws ProblemException 409 {@code owned_by_other_tenant} when another tenant owns the MAC (saying nothing
     *                          about that tenant), 409 {@code already_registered} when this tenant does
     */
    @Transactional
    public DeviceView register(String tenantId, RegisterDeviceRequest request) {
        MacAddress mac = parseMac(request.mac());
        Tenant tenant = Tenant.findById(tenantId);
        if (tenant == null || !Tenant.ACTIVE.equals(tenant.status)) {
            throw new ProblemException(403, "tenant_not_active", "Forbidden",
                    "your tenant is not active on this platform; ask the operator");
        }
        Instant now = Instant.now();
        // Insert-or-nothing on the primary key settles races between partners claiming the same MAC.
        int inserted = entityManager.createNativeQuery("""
                        insert into device (mac, tenant_id, vendor, model, serial, profile, version, created_at, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)
                        on conflict (mac) do nothing""")
                .setParameter(1, mac.toString())
                .setParameter(2, tenantId)
                .setParameter(3, request.vendor())
                .setParameter(4, request.model())
                .setParameter(5, request.serial())
                .setParameter(6, request.profile())
                .setParameter(7, now)
                .executeUpdate();
        Device device = Device.findById(mac.toString());
        if (inserted == 0) {
            throw device.tenantId.equals(tenantId)
                    ? ProblemException.conflict("already_registered", "device " + mac + " is already registered")
                    : ProblemException.conflict("owned_by_other_tenant",
                            "device " + mac + " cannot be registered: it belongs to another tenant");
        }
        outbox.publish(Topics.INVENTORY_DEVICES, EventCodec.envelope(EventTypes.DEVICE_REGISTERED,
                DeviceSnapshot.SCHEMA_VERSION, EventTypes.DEVICE, device.mac, tenantId, now, device.snapshot()));
        return DeviceView.of(device);
    }

    /** The tenant's device, or empty when the MAC is unknown or belongs to another tenant: the two look the same. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeviceView> find(String tenantId, String mac) {
        return Device.<Device>find("mac = ?1 and tenantId = ?2", parseMac(mac).toString(), tenantId)
                .firstResultOptional()
                .map(DeviceView::of);
    }

    private static MacAddress parseMac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_mac", e.getMessage(), "mac");
        }
    }
}
