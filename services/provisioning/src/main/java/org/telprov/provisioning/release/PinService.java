package org.telprov.provisioning.release;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.partner.Page;
import org.telprov.provisioning.device.Device;
import org.telprov.provisioning.profile.Profile;
import org.telprov.provisioning.profile.ProfileService;
import org.telprov.provisioning.profile.ReleaseSwitches;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Pins devices of a tenant to one release of their profile, unpins and lists them. */
@ApplicationScoped
public class PinService {

    private final ProfileService profiles;
    private final EntityManager entityManager;
    private final ReleaseSwitches switches;

    public PinService(ProfileService profiles, EntityManager entityManager, ReleaseSwitches switches) {
        this.profiles = profiles;
        this.entityManager = entityManager;
        this.switches = switches;
    }

    /** A pin and whether this request created it (rather than replaced one). */
    public record Pinned(PinView pin, boolean created) {
    }

    /**
     * Pins the device to the release with {@code uvc}, replacing its pin on this profile if it has one.
     *
     * @param mac 12 lower-case hex digits
     * @throws ProblemException 400 without a UVC; 404 for a profile, release or device the tenant does not have (another
     *                          tenant's device answers like an unknown one); 409 {@code not_on_profile}
     */
    @Transactional
    public Pinned pin(String tenantId, String name, String mac, String uvc, String actor) {
        if (uvc == null || uvc.isBlank()) {
            throw ProblemException.badRequest("validation_failed", "name the release's uvc", "uvc");
        }
        // The profile row's lock orders the pin writes of one profile (and keeps a deletion from racing them).
        Profile profile = profiles.locked(tenantId, name);
        profiles.routingChanged(profile);
        Release release = ReleaseService.release(profile, uvc);
        Device device = device(tenantId, mac);
        if (!name.equals(device.profile)) {
            throw ProblemException.conflict("not_on_profile", "device " + mac + " is not on profile " + name);
        }
        ReleasePin pin = ReleasePin.findById(new ReleasePin.Key(profile.id, mac));
        boolean created = pin == null;
        if (created || !pin.releaseId.equals(release.id)) {
            // the device's version moves with the release it now gets, whatever their stamps
            switches.devices(tenantId, List.of(mac), ReleaseSwitches.Cause.PIN);
        }
        if (created) {
            pin = new ReleasePin();
            pin.key = new ReleasePin.Key(profile.id, mac);
            pin.tenantId = tenantId;
        }
        pin.releaseId = release.id;
        pin.pinnedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        pin.pinnedBy = actor;
        if (created) {
            pin.persist();
        }
        return new Pinned(new PinView(mac, name, release.uvc, true, pin.pinnedAt, actor), created);
    }

    /**
     * @throws ProblemException 404 for an unknown profile or a device without a pin on it
     */
    @Transactional
    public void unpin(String tenantId, String name, String mac) {
        Profile profile = profiles.locked(tenantId, name);
        profiles.routingChanged(profile);
        if (!ReleasePin.deleteById(new ReleasePin.Key(profile.id, mac))) {
            throw notPinned(mac, name);
        }
        switches.devices(tenantId, List.of(mac), ReleaseSwitches.Cause.UNPIN);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PinView find(String tenantId, String name, String mac) {
        Profile profile = ReleaseService.profile(tenantId, name);
        return views(profile, " and p.key.mac = ?2", mac, 0, 1).stream().findFirst()
                .orElseThrow(() -> notPinned(mac, name));
    }

    /** The profile's pins by MAC. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PinView> list(String tenantId, String name, int page, int size) {
        Profile profile = ReleaseService.profile(tenantId, name);
        long total = ReleasePin.count("key.profileId", profile.id);
        return new Page<>(views(profile, "", null, page, size), page, size, total);
    }

    private List<PinView> views(Profile profile, String condition, String mac, int page, int size) {
        var query = entityManager.createQuery("""
                        select p.key.mac, r.uvc, d.tenantId, d.profile, d.released, p.pinnedAt, p.pinnedBy
                        from ReleasePin p join Release r on r.id = p.releaseId left join Device d on d.mac = p.key.mac
                        where p.key.profileId = ?1""" + condition + " order by p.key.mac", Object[].class)
                .setParameter(1, profile.id)
                .setFirstResult(page * size)
                .setMaxResults(size);
        if (mac != null) {
            query.setParameter(2, mac);
        }
        return query.getResultList().stream().map(row -> new PinView(((String) row[0]), profile.name,
                (String) row[1], profile.tenantId.equals(row[2]) && profile.name.equals(row[3])
                        && Boolean.FALSE.equals(row[4]), (Instant) row[5], (String) row[6])).toList();
    }

    /** The tenant's device; a released one, another tenant's and an unknown one are the same 404. */
    private static Device device(String tenantId, String mac) {
        Device device = Device.findById(mac);
        if (device == null || device.released || !Objects.equals(device.tenantId, tenantId)) {
            throw ProblemException.notFound("device " + mac);
        }
        return device;
    }

    private static ProblemException notPinned(String mac, String name) {
        return ProblemException.notFound("pin of device " + mac + " on profile " + name);
    }
}
