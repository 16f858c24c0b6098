package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.ProvisioningEventTypes;
import org.telprov.events.Topics;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.Release;
import org.telprov.support.outbox.Outbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the release a device gets (one query, which the {@link DeviceReleaseCache} spares most requests), and writes
 * what devices fetched as {@code device.fetched} check-ins.
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
     * The release the device is pinned to, else one whose audience includes it: all, a label the device has, or a
     * percentage above its bucket, md5(profile id, MAC) as a number mod 100: the same devices for every release of
     * the profile, so a widened or republished percentage keeps the devices it had.
     */
    private static final String CURRENT = """
            (r.id = pin.release_id or pin.release_id is null and (
                r.audience_label is null and r.audience_percent is null
                or r.audience_label = any(string_to_array(d.labels, ','))
                or cast(cast('x' || substr(md5(cast(p.id as text) || d.mac), 1, 8) as bit(32)) as bigint) % 100
                   < r.audience_percent))""";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final FirmwareChannelLookup channels;
    private final Map<UUID, ProfileContent> contents = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, ProfileContent> eldest) {
            return size() > CONTENTS;
        }
    };

    public DeviceFileService(EntityManager entityManager, Outbox outbox, FirmwareChannelLookup channels) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.channels = channels;
    }

    /**
     * The release of the device's profile the device gets: the one with the given UVC (a device that read an updates
     * file gets the same release's file in step 3, even after a newer publish or a pin), else the release it is
     * pinned to on this profile, else the newest one whose audience includes it. One query. Empty for an unknown or
     * released device, a device without a profile, and a profile without (that) release.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Optional<DeviceRelease> release(String mac, String uvc) {
        String which = uvc != null ? "r.uvc = ?2" : CURRENT;
        var query = entityManager.createNativeQuery(RELEASE_OF_DEVICE.formatted(which))
                .setParameter(1, mac);
        if (uvc != null) {
            query.setParameter(2, uvc);
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

    /**
     * Writes the {@code device.fetched} check-ins of served files (a 304 counts: the device checked in) to the outbox
     * in one transaction; the {@link CheckinBuffer} collects them.
     */
    @Transactional
    public void fetched(List<CheckinBuffer.Fetch> fetches) {
        for (CheckinBuffer.Fetch fetch : fetches) {
            DeviceRelease release = fetch.release();
            outbox.publish(Topics.DEVICE_CHECKINS, EventCodec.envelope(EventTypes.DEVICE_FETCHED,
                    DeviceCheckin.SCHEMA_VERSION, EventTypes.DEVICE, release.mac(), release.tenantId(), fetch.at(),
                    new DeviceCheckin(release.mac(), release.tenantId(), ProvisioningEventTypes.SERVICE, fetch.file(),
                            release.uvc(), null, fetch.sourceIp(), fetch.userAgent(), fetch.at())));
        }
    }
}
