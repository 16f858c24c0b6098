package org.telprov.provisioning.file;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.Release;
import org.telprov.provisioning.release.Uvc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the release a device gets (one query, which the {@link DeviceReleaseCache} spares most requests).
 */
@ApplicationScoped
public class DeviceFileService {

    /** Frozen contents of the releases devices fetch lately; releases never change, so entries never go stale. */
    private static final int CONTENTS = 1000;

    /** The device's release; {@code %s} chooses among the releases of its profile, newest first. */
    private static final String RELEASE_OF_DEVICE = """
            select d.tenant_id, d.vendor, d.model, r.id, r.uvc
            from device d
            join profile p on p.tenant_id = d.tenant_id and p.name = d.profile
            left join release_pin pin on pin.profile_id = p.id and pin.mac = d.mac
            join release r on r.profile_id = p.id
            where d.mac = ?1 and d.released = false and %s
            order by r.uvc desc
            limit 1""";

    /**
     * Whether release {@code %1$s} is for the device: the one it is pinned to, else one whose audience includes it:
     * all, a label the device has, or a percentage above its bucket, md5(profile id, MAC) as a number mod 100: the
     * same devices for every release of the profile, so a widened or republished percentage keeps the devices it had.
     */
    private static final String FOR_DEVICE = """
            (%1$s.id = pin.release_id or pin.release_id is null and (
                %1$s.audience_label is null and %1$s.audience_percent is null
                or %1$s.audience_label = any(string_to_array(d.labels, ','))
                or cast(cast('x' || substr(md5(cast(p.id as text) || d.mac), 1, 8) as bit(32)) as bigint) %% 100
                   < %1$s.audience_percent))""";

    /** The newest release for the device is its current one. */
    private static final String CURRENT = FOR_DEVICE.formatted("r");

    /**
     * The release with the UVC ?2, while it is served: the profile's next release (if any) was published after ?3 (the
     * start of the grace period, as a UVC), or it is the device's current one (or its pin). So a device that read a
     * UVC in step 2 gets its step 3 across a publish or a pin, and nobody gets a long superseded release.
     */
    private static final String NAMED = """
            r.uvc = ?2 and (
                coalesce((select min(n.uvc) from release n where n.profile_id = p.id and n.uvc > r.uvc) > ?3, true)
                or %s and not exists (select 1 from release n where n.profile_id = p.id and n.uvc > r.uvc and %s))"""
            .formatted(CURRENT, FOR_DEVICE.formatted("n"));

    private final EntityManager entityManager;
    private final FirmwareChannelLookup channels;
    private final Duration releaseGrace;
    private final Counter lookups;
    private final Map<UUID, ProfileContent> contents = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, ProfileContent> eldest) {
            return size() > CONTENTS;
        }
    };

    public DeviceFileService(EntityManager entityManager, FirmwareChannelLookup channels,
                             ProvisioningConfig config, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.channels = channels;
        this.releaseGrace = config.releaseGrace();
        this.lookups = Counter.builder("telprov.provisioning.release.lookups")
                .description("queries for a device's release, the ones the release cache did not spare")
                .register(registry);
    }

    /**
     * The release of the device's profile the device gets: the one with the given UVC while it is served (a device
     * that read an updates file gets the same release's file in step 3, even after a newer publish or a pin, for the
     * grace period {@code telprov.provisioning.release-grace}; its current or pinned release always), else the release
     * it is pinned to on this profile, else the newest one whose audience includes it. One query. Empty for an unknown
     * or released device, a device without a profile, and a profile without (that, or that served) release.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Optional<DeviceRelease> release(String mac, String uvc) {
        lookups.increment();
        String which = uvc != null ? NAMED : CURRENT;
        var query = entityManager.createNativeQuery(RELEASE_OF_DEVICE.formatted(which))
                .setParameter(1, mac);
        if (uvc != null) {
            query.setParameter(2, uvc).setParameter(3, Uvc.format(Instant.now().minus(releaseGrace)));
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(row -> new DeviceRelease(mac, (String) row[0], (String) row[1],
                (String) row[2], (UUID) row[3], (String) row[4]));
    }

    /** The frozen content of a release, from memory after the first read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProfileContent content(UUID releaseId) {
        synchronized (contents) {
            ProfileContent cached = contents.get(releaseId);
            if (cached != null) {
                return cached;
            }
        }
        ProfileContent content = ContentCodec.fromJson(Release.<Release>findById(releaseId).content);
        synchronized (contents) {
            contents.put(releaseId, content);
        }
        return content;
    }

    /** The frozen content of a release that may have been deleted since its id was read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ProfileContent> contentIfAny(UUID releaseId) {
        synchronized (contents) {
            ProfileContent cached = contents.get(releaseId);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        return Release.<Release>findByIdOptional(releaseId).map(release -> content(releaseId));
    }

    /**
     * The firmware artifact the release gives the device: the one it names, or the one its channel points at now
     * (the tenant's channel, else the platform's). Empty when the release names none or the channel is unknown.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> firmwareArtifact(DeviceRelease device, ProfileContent content) {
        ProfileContent.FirmwareRef firmware = content.firmware();
        if (firmware == null) {
            return Optional.empty();
        }
        if (firmware.artifactId() != null) {
            return Optional.of(firmware.artifactId());
        }
        return channels.resolve(device.tenantId(), firmware.vendor(), firmware.product(), firmware.channel())
                .map(FirmwareArtifactRef::artifactId);
    }
}
