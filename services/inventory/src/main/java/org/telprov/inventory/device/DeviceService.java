package org.telprov.inventory.device;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventKind;
import org.telprov.events.MacAddress;
import org.telprov.events.OutgoingEvent;
import org.telprov.inventory.audit.AuditLog;
import org.telprov.inventory.tenant.Tenant;
import org.telprov.partner.Page;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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

    /** A change made to a device row and not yet recorded: its audit entry, its event and the device as shown. */
    record Change(DeviceView device, AuditLog.Change audit, OutgoingEvent event) {
    }

    // Claims many MACs in one statement: insert, or take over a released row (its version continues); a MAC another
    // tenant holds is left alone. RETURNING names the MACs written. Labels travel ';'-joined (they cannot hold ';').
    private static final String CLAIM = """
            insert into device (mac, tenant_id, vendor, model, serial, profile, labels, version, created_at, updated_at)
            select c.mac, ?, c.vendor, c.model, c.serial, c.profile, coalesce(string_to_array(c.labels, ';'), '{}'),
                   1, ?, ?
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as c (mac, vendor, model, serial, profile, labels)
            on conflict (mac) do update set tenant_id = excluded.tenant_id, vendor = excluded.vendor,
                model = excluded.model, serial = excluded.serial, profile = excluded.profile, labels = excluded.labels,
                version = device.version + 1, created_at = excluded.created_at, updated_at = excluded.updated_at,
                released_at = null, first_seen = null, last_seen = null, last_service = null, last_file = null,
                last_uvc = null, last_firmware = null, last_source_ip = null, last_user_agent = null,
                last_uvc_at = null, last_firmware_at = null
            where device.released_at is not null
            returning mac""";

    // The arrays unnest() turns into rows, in the order of CLAIM's columns.
    private static final List<Function<Claim, String>> CLAIM_COLUMNS = List.of(
            claim -> claim.mac().toString(), claim -> claim.request().vendor(), claim -> claim.request().model(),
            claim -> claim.request().serial(), claim -> claim.request().profile(),
            claim -> String.join(";", claim.request().labelsOrEmpty()));

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
            Claim claim = new Claim(mac, request, device);
            Instant now = Instant.now();
            if (writeClaims(tenantId, List.of(claim), now).isEmpty()) {
                throw ownedByOtherTenant(mac);
            }
            return new Saved(record(claimed(tenantId, actor, claim, now)), true, true);
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
        return new Saved(record(replaced(device, actor, request)), false, true);
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
        return record(changed(device, actor, AuditLog.MOVE, DeviceSnapshot.UPDATED, before));
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
        outbox.publish(event(DeviceSnapshot.RELEASED, device));
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

    /** A MAC to claim for a tenant, and the released row it takes over ({@code null} for a MAC never seen). */
    record Claim(MacAddress mac, DeviceRequest request, Device released) {
    }

    /**
     * Writes claims (distinct MACs) in one statement. Settles concurrent claims of one MAC in the database.
     *
     * @return the MACs written; a claim whose MAC is missing lost to another tenant holding it
     */
    Set<String> writeClaims(String tenantId, List<Claim> claims, Instant now) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(CLAIM)) {
                OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
                insert.setString(1, tenantId);
                insert.setObject(2, at);
                insert.setObject(3, at);
                int parameter = 4;
                for (Function<Claim, String> column : CLAIM_COLUMNS) {
                    insert.setArray(parameter++, connection.createArrayOf("text", claims.stream().map(column).toArray()));
                }
                Set<String> written = new HashSet<>();
                try (ResultSet macs = insert.executeQuery()) {
                    while (macs.next()) {
                        written.add(macs.getString(1));
                    }
                }
                return written;
            }
        });
    }

    /** The audit entry and event of a claim that {@link #writeClaims} wrote. */
    Change claimed(String tenantId, String actor, Claim claim, Instant now) {
        Device device = new Device();
        device.mac = claim.mac().toString();
        device.tenantId = tenantId;
        device.apply(claim.request());
        device.version = claim.released() == null ? 1 : claim.released().version + 1;
        device.createdAt = now;
        device.updatedAt = now;
        DeviceView view = DeviceView.of(device);
        return new Change(view, new AuditLog.Change(tenantId, device.mac, AuditLog.CLAIM, actor, null, view, now),
                event(DeviceSnapshot.REGISTERED, device));
    }

    /** Replaces the fields of a device the tenant owns (the row is written on flush); returns the change to record. */
    Change replaced(Device device, String actor, DeviceRequest request) {
        DeviceView before = DeviceView.of(device);
        device.apply(request);
        return changed(device, actor, AuditLog.UPDATE, DeviceSnapshot.UPDATED, before);
    }

    /** Records the change of a single API call: its audit entry, and its event in the outbox's interactive lane. */
    private DeviceView record(Change change) {
        audit.record(change.audit());
        outbox.publish(change.event());
        return change.device();
    }

    private Change changed(Device device, String actor, String action, EventKind<DeviceSnapshot> kind,
                           DeviceView before) {
        device.version++;
        device.updatedAt = Instant.now();
        DeviceView after = DeviceView.of(device);
        return new Change(after, new AuditLog.Change(device.tenantId, device.mac, action, actor, before, after,
                device.updatedAt), event(kind, device));
    }

    private static OutgoingEvent event(EventKind<DeviceSnapshot> kind, Device device) {
        return kind.event(device.snapshot(), device.updatedAt);
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

    // The token of a tenant that is not active is refused before any operation (TenantStatusAugmentor); this check, in
    // the claim's transaction, closes the window of a suspension that commits in between.
    static void requireActive(String tenantId) {
        Tenant tenant = Tenant.findById(tenantId);
        if (tenant == null) {
            throw new ProblemException(403, "unknown_tenant", "Forbidden",
                    "your tenant is not known here; ask the operator");
        }
        if (!Tenant.ACTIVE.equals(tenant.status)) {
            throw new ProblemException(403, "tenant_suspended", "Forbidden",
                    "your tenant is suspended; ask the operator");
        }
    }

    static ProblemException ownedByOtherTenant(MacAddress mac) {
        return ProblemException.conflict("owned_by_other_tenant",
                "device " + mac + " cannot be registered: it belongs to another tenant");
    }
}
