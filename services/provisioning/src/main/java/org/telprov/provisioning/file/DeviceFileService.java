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

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Finds the release a device gets, and records what devices fetched as {@code device.fetched} check-ins. */
@ApplicationScoped
public class DeviceFileService {

    /** Frozen contents of the releases devices fetch lately; releases never change, so entries never go stale. */
    private static final int CONTENTS = 1000;

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
     * The release of the device's profile: the newest one, or the one with the given UVC (a device that read an
     * updates file gets the same release's file in step 3, even after a newer publish). Empty for an unknown or
     * released device, a device without a profile, and a profile without (that) release.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeviceRelease> release(String mac, String uvc) {
        var query = entityManager.createQuery("""
                        select d.tenantId, d.vendor, d.model, r.id, r.uvc from Device d, Profile p, Release r
                        where d.mac = ?1 and d.released = false and p.tenantId = d.tenantId and p.name = d.profile
                          and r.profileId = p.id""" + (uvc == null ? "" : " and r.uvc = ?2") + " order by r.uvc desc",
                        Object[].class)
                .setParameter(1, mac)
                .setMaxResults(1);
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

    /** A device was answered with a file of a release (a 304 counts: the device checked in). */
    @Transactional
    public void fetched(DeviceRelease release, String file, String sourceIp, String userAgent) {
        Instant now = Instant.now();
        outbox.publish(Topics.DEVICE_CHECKINS, EventCodec.envelope(EventTypes.DEVICE_FETCHED,
                DeviceCheckin.SCHEMA_VERSION, EventTypes.DEVICE, release.mac(), release.tenantId(), now,
                new DeviceCheckin(release.mac(), release.tenantId(), ProvisioningEventTypes.SERVICE, file,
                        release.uvc(), null, sourceIp, userAgent, now)));
    }
}
