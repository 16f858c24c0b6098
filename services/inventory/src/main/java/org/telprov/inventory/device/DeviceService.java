package org.telprov.inventory.device;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.Topics;
import org.telprov.inventory.audit.AuditLog;
import org.telprov.inventory.tenant.Tenant;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The life of a device: claim, replace, move, release, read and list, always within the caller's scope (one tenant,
 * or every tenant for the operator). A MAC has at most one owner; every change is audited and published through the
 * outbox in the transaction that makes it.
 */
@ApplicationScoped
public class DeviceService {

    /** What a save did: {@code created} when the MAC was claimed, {@code changed} when anything was written. */
    public record Saved(DeviceView device, boolean created, boolean changed) {
    }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final AuditLog audit;

    public DeviceService(EntityManager entityManager, Outbox outbox, AuditLog audit) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.audit = audit;
    }

    /**
     * Claims the MAC for the tenant, or, with {@code replaceOwn}, replaces the fields of the tenant's own device
     * (a repeated identical request changes nothing, so PUT can be retried safely).
     *
     * @throws ProblemException 409 {@code owned_by_other_tenant} (saying nothing about that tenant), 409
     *                          {@code already_registered} when the tenant owns it and {@code replaceOwn} is false
     */
    @Transactional
    public Saved save(String tenantId, String actor, MacAddress mac, DeviceRequest request, boolean replaceOwn) {
        requireActive(tenantId);
        Device device = entityManager.find(Device.class, mac.toString(), LockModeType.PESSIMISTIC_WRITE);
        if (device == null || device.released()) {
            return new Saved(claim(tenantId, actor, mac, request, device), true, true);
        }
        if (!device.tenantId.equals(tenantId)) {
            throw ownedByOtherTenant(mac);
        }
        if (!replaceOwn) {
            throw ProblemException.conflict("already_registered", "device " + mac + " is already registered");
        }
        if (device.sameAs(request)) {
            return new Saved(DeviceView.of(device), false, false);
        }
        DeviceView before = DeviceView.of(device);
        device.apply(request);
        return new Saved(changed(device, actor, AuditLog.UPDATE, EventTypes.DEVICE_UPDATED, before), false, true);
    }

    /** Gives the device another provisioning profile. */
    @Transactional
    public DeviceView move(Optional<String> scope, String actor, MacAddress mac, String profile) {
        Device device = owned(scope, mac);
        if (Objects.equals(device.profile, profile)) {
            return DeviceView.of(device);
        }
        DeviceView before = DeviceView.of(device);
        device.profile = profile;
        return changed(device, actor, AuditLog.MOVE, EventTypes.DEVICE_UPDATED, before);
    }

    /** Unregisters the device; its MAC can then be claimed again, by any tenant. */
    @Transactional
    public void release(Optional<String> scope, String actor, MacAddress mac) {
        Device device = owned(scope, mac);
        DeviceView before = DeviceView.of(device);
        device.releasedAt = Instant.now();
        device.version++;
        device.updatedAt = device.releasedAt;
        audit.record(device.tenantId, device.mac, AuditLog.RELEASE, actor, before, null, device.updatedAt);
        publish(EventTypes.DEVICE_RELEASED, device);
    }

    /** The device in scope, or empty when the MAC is unknown, released or another tenant's: the three look alike. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeviceView> find(Optional<String> scope, MacAddress mac) {
        return findInScope(scope, mac, LockModeType.NONE).map(DeviceView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DevicePage list(Optional<String> scope, DeviceQuery query) {
        Parameters parameters = new Parameters();
        String where = query.where(scope, parameters);
        long total = Device.count(where, parameters);
        List<DeviceView> items = Device.<Device>find(where + " order by " + query.orderBy(), parameters)
                .page(query.page(), query.size())
                .stream()
                .map(DeviceView::of)
                .toList();
        return new DevicePage(items, query.page(), query.size(), total);
    }

    private DeviceView claim(String tenantId, String actor, MacAddress mac, DeviceRequest request, Device released) {
        Instant now = Instant.now();
        // Insert, or take over a released row; a MAC another tenant holds is left alone. Settles concurrent claims.
        int claimed = entityManager.createNativeQuery("""
                        insert into device (mac, tenant_id, vendor, model, serial, profile, labels, version, created_at,
                                            updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as text[]), 1, ?8, ?8)
                        on conflict (mac) do update set tenant_id = excluded.tenant_id, vendor = excluded.vendor,
                            model = excluded.model, serial = excluded.serial, profile = excluded.profile,
                            labels = excluded.labels, version = device.version + 1, created_at = excluded.created_at,
                            updated_at = excluded.updated_at, released_at = null, first_seen = null, last_seen = null,
                            last_service = null, last_file = null, last_uvc = null, last_firmware = null,
                            last_source_ip = null, last_user_agent = null
                        where device.released_at is not null""")
                .setParameter(1, mac.toString())
                .setParameter(2, tenantId)
                .setParameter(3, request.vendor())
                .setParameter(4, request.model())
                .setParameter(5, request.serial())
                .setParameter(6, request.profile())
                .setParameter(7, request.labelsOrEmpty().toArray(String[]::new))
                .setParameter(8, now)
                .executeUpdate();
        if (claimed == 0) {
            throw ownedByOtherTenant(mac);
        }
        if (released != null) {
            entityManager.refresh(released);
        }
        Device device = released != null ? released : entityManager.find(Device.class, mac.toString());
        DeviceView view = DeviceView.of(device);
        audit.record(tenantId, device.mac, AuditLog.CLAIM, actor, null, view, now);
        publish(EventTypes.DEVICE_REGISTERED, device);
        return view;
    }

    private DeviceView changed(Device device, String actor, String action, String eventType, DeviceView before) {
        device.version++;
        device.updatedAt = Instant.now();
        DeviceView after = DeviceView.of(device);
        audit.record(device.tenantId, device.mac, action, actor, before, after, device.updatedAt);
        publish(eventType, device);
        return after;
    }

    private void publish(String type, Device device) {
        outbox.publish(Topics.INVENTORY_DEVICES, EventCodec.envelope(type, DeviceSnapshot.SCHEMA_VERSION,
                EventTypes.DEVICE, device.mac, device.tenantId, device.updatedAt, device.snapshot()));
    }

    private Device owned(Optional<String> scope, MacAddress mac) {
        return findInScope(scope, mac, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("device " + mac));
    }

    private Optional<Device> findInScope(Optional<String> scope, MacAddress mac, LockModeType lock) {
        Device device = entityManager.find(Device.class, mac.toString(), lock);
        boolean visible = device != null && !device.released()
                && scope.map(tenant -> tenant.equals(device.tenantId)).orElse(true);
        return visible ? Optional.of(device) : Optional.empty();
    }

    private static void requireActive(String tenantId) {
        Tenant tenant = Tenant.findById(tenantId);
        if (tenant == null || !Tenant.ACTIVE.equals(tenant.status)) {
            throw new ProblemException(403, "tenant_not_active", "Forbidden",
                    "your tenant is not active on this platform; ask the operator");
        }
    }

    private static ProblemException ownedByOtherTenant(MacAddress mac) {
        return ProblemException.conflict("owned_by_other_tenant",
                "device " + mac + " cannot be registered: it belongs to another tenant");
    }
}
