package org.telprov.inventory.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventKind;
import org.telprov.events.MacAddress;
import org.telprov.events.OutgoingEvent;
import org.telprov.inventory.audit.AuditLog;
import org.telprov.inventory.tenant.Tenant;
import org.telprov.support.inbox.ArrayUpsert;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * How a device row changes, for the single API calls ({@link DeviceService}) and the bulk import
 * ({@link DeviceImportService}) alike: claims, many in one statement, and replacements of a tenant's own device. Each
 * gives back the change not yet recorded (its audit entry and event), which the caller records in its own lane.
 */
@ApplicationScoped
public class DeviceChanges {

    /** A change made to a device row and not yet recorded: its audit entry, its event and the device as shown. */
    public record Change(DeviceView device, AuditLog.Change audit, OutgoingEvent event) {
    }

    /** A MAC to claim for a tenant, and the released row it takes over ({@code null} for a MAC never seen). */
    public record Claim(MacAddress mac, DeviceRequest request, Device released) {
    }

    // Claims many MACs in one statement: insert, or take over a released row (its version continues); a MAC another
    // tenant holds is left alone. RETURNING names the MACs written. Labels travel ';'-joined (they cannot hold ';').
    private static final String CLAIM = """
            insert into device (mac, tenant_id, vendor, model, serial, profile, labels, version, created_at, updated_at)
            select c.mac, claim.tenant_id, c.vendor, c.model, c.serial, c.profile,
                   coalesce(string_to_array(c.labels, ';'), '{}'), 1, claim.at, claim.at
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as c (mac, vendor, model, serial, profile, labels),
                 (select ?::varchar as tenant_id, ?::timestamptz as at) as claim
            on conflict (mac) do update set tenant_id = excluded.tenant_id, vendor = excluded.vendor,
                model = excluded.model, serial = excluded.serial, profile = excluded.profile, labels = excluded.labels,
                version = device.version + 1, created_at = excluded.created_at, updated_at = excluded.updated_at,
                released_at = null, first_seen = null, last_seen = null, last_service = null, last_file = null,
                last_uvc = null, last_firmware = null, last_source_ip = null, last_user_agent = null,
                last_uvc_at = null, last_firmware_at = null
            where device.released_at is not null
            returning mac""";

    // The arrays unnest() turns into rows, in the order of CLAIM's columns.
    private static final List<ArrayUpsert.Column<Claim>> CLAIM_COLUMNS = List.of(
            new ArrayUpsert.Column<>("text", claim -> claim.mac().toString()),
            new ArrayUpsert.Column<>("text", claim -> claim.request().vendor()),
            new ArrayUpsert.Column<>("text", claim -> claim.request().model()),
            new ArrayUpsert.Column<>("text", claim -> claim.request().serial()),
            new ArrayUpsert.Column<>("text", claim -> claim.request().profile()),
            new ArrayUpsert.Column<>("text", claim -> String.join(";", claim.request().labelsOrEmpty())));

    private final EntityManager entityManager;

    public DeviceChanges(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Writes claims (distinct MACs) in one statement, in the caller's transaction. Settles concurrent claims of one MAC
     * in the database.
     *
     * @return the MACs written; a claim whose MAC is missing lost to another tenant holding it
     */
    public Set<String> writeClaims(String tenantId, List<Claim> claims, Instant now) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> ArrayUpsert.execute(connection, CLAIM,
                claims, CLAIM_COLUMNS, List.of(tenantId, now.atOffset(ZoneOffset.UTC)), String.class));
    }

    /** The audit entry and event of a claim that {@link #writeClaims} wrote. */
    public Change claimed(String tenantId, String actor, Claim claim, Instant now) {
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
    public Change replaced(Device device, String actor, DeviceRequest request) {
        DeviceView before = DeviceView.of(device);
        device.apply(request);
        return changed(device, actor, AuditLog.UPDATE, DeviceSnapshot.UPDATED, before);
    }

    /** A change of the device's fields the caller made already: its version, time, audit entry and event. */
    public Change changed(Device device, String actor, String action, EventKind<DeviceSnapshot> kind,
                          DeviceView before) {
        device.version++;
        device.updatedAt = Instant.now();
        DeviceView after = DeviceView.of(device);
        return new Change(after, new AuditLog.Change(device.tenantId, device.mac, action, actor, before, after,
                device.updatedAt), event(kind, device));
    }

    /** The event of the device's current state. */
    public static OutgoingEvent event(EventKind<DeviceSnapshot> kind, Device device) {
        return kind.event(device.snapshot(), device.updatedAt);
    }

    // The token of a tenant that is not active is refused before any operation (TenantStatusAugmentor); this check, in
    // the claim's transaction, closes the window of a suspension that commits in between.
    public static void requireActive(String tenantId) {
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

    public static ProblemException ownedByOtherTenant(MacAddress mac) {
        return ProblemException.conflict("owned_by_other_tenant",
                "device " + mac + " cannot be registered: it belongs to another tenant");
    }
}
