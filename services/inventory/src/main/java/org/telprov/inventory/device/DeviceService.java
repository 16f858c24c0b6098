package org.telprov.inventory.device;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.MacAddress;
import org.telprov.inventory.audit.AuditLog;
import org.telprov.partner.Page;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The life of a device: claim, replace, move, release, read and list, always within the caller's scope (one tenant,
 * or every tenant for the operator), for single API calls. A MAC has at most one owner; every change is audited and
 * published through the outbox's interactive lane in the transaction that makes it. How a row changes is
 * {@link DeviceChanges}', which the bulk import shares.
 */
@ApplicationScoped
public class DeviceService {

    /** What a save did: {@code created} when the MAC was claimed, {@code changed} when anything was written. */
    public record Saved(DeviceView device, boolean created, boolean changed) {
    }

    private final EntityManager entityManager;
    private final DeviceChanges changes;
    private final Outbox outbox;
    private final AuditLog audit;

    public DeviceService(EntityManager entityManager, DeviceChanges changes, Outbox outbox, AuditLog audit) {
        this.entityManager = entityManager;
        this.changes = changes;
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
        DeviceChanges.requireActive(tenantId);
        Device device = entityManager.find(Device.class, mac.toString(), LockModeType.PESSIMISTIC_WRITE);
        if (device == null || device.released()) {
            DeviceChanges.Claim claim = new DeviceChanges.Claim(mac, request, device);
            Instant now = Instant.now();
            if (changes.writeClaims(tenantId, List.of(claim), now).isEmpty()) {
                throw DeviceChanges.ownedByOtherTenant(mac);
            }
            return new Saved(record(changes.claimed(tenantId, actor, claim, now)), true, true);
        }
        if (!device.tenantId.equals(tenantId)) {
            throw DeviceChanges.ownedByOtherTenant(mac);
        }
        if (!replaceOwn) {
            throw ProblemException.conflict("already_registered", "device " + mac + " is already registered");
        }
        if (device.sameAs(request)) {
            return new Saved(DeviceView.of(device), false, false);
        }
        return new Saved(record(changes.replaced(device, actor, request)), false, true);
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
        return record(changes.changed(device, actor, AuditLog.MOVE, DeviceSnapshot.UPDATED, before));
    }

    /** Unregisters the device; its MAC can then be claimed again, by any tenant. */
    @Transactional
    public void release(Optional<String> scope, String actor, MacAddress mac) {
        Device device = owned(scope, mac);
        DeviceView before = DeviceView.of(device);
        device.releasedAt = Instant.now();
        device.version++;
        device.updatedAt = device.releasedAt;
        audit.record(new AuditLog.Change(device.tenantId, device.mac, AuditLog.RELEASE, actor, before, null,
                device.updatedAt));
        outbox.publish(DeviceChanges.event(DeviceSnapshot.RELEASED, device));
    }

    /** The device in scope, or empty when the MAC is unknown, released or another tenant's: the three look alike. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeviceView> find(Optional<String> scope, MacAddress mac) {
        return findInScope(scope, mac, LockModeType.NONE).map(DeviceView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeviceView> list(Optional<String> scope, DeviceQuery query) {
        Parameters parameters = new Parameters();
        String where = query.where(scope, parameters);
        long total = Device.count(where, parameters);
        List<DeviceView> items = Device.<Device>find(where + " order by " + query.orderBy(), parameters)
                .page(query.page(), query.size())
                .stream()
                .map(DeviceView::of)
                .toList();
        return new Page<>(items, query.page(), query.size(), total);
    }

    /** Records the change of a single API call: its audit entry, and its event in the outbox's interactive lane. */
    private DeviceView record(DeviceChanges.Change change) {
        audit.record(change.audit());
        outbox.publish(change.event());
        return change.device();
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
}
