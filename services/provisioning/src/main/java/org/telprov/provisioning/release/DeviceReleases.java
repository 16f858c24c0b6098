package org.telprov.provisioning.release;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.device.DeviceTable;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.Uvc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which release a device gets: the one place the device path asks. Answered from memory: the device from the
 * {@link DeviceTable}, its profile's releases, audiences and pins from {@link ProfileRoutes}, the content from
 * {@link ReleaseContents}, a firmware channel from {@link FirmwareChannelLookup}; no query in the steady state.
 */
@ApplicationScoped
public class DeviceReleases {

    private final DeviceTable devices;
    private final ProfileRoutes routes;
    private final ReleaseContents contents;
    private final FirmwareChannelLookup channels;
    private final Duration releaseGrace;
    private final Counter lookups;

    public DeviceReleases(DeviceTable devices, ProfileRoutes routes, ReleaseContents contents,
                          FirmwareChannelLookup channels, ProvisioningConfig config, MeterRegistry registry) {
        this.devices = devices;
        this.routes = routes;
        this.contents = contents;
        this.channels = channels;
        this.releaseGrace = config.releaseGrace();
        this.lookups = Counter.builder("telprov.provisioning.release.lookups")
                .description("lookups of a device's release (answered from memory)")
                .register(registry);
    }

    /**
     * The device's release with its content and firmware: the one with {@code uvc} while it is served to the device
     * (the release's successor was published within the grace period {@code telprov.provisioning.release-grace}, or
     * it has none, or it is the device's current release), or its current one when {@code uvc} is null: the release it
     * is pinned to on its profile, else the newest one whose audience includes it. Empty for an unknown or released
     * device, a device without a profile, and a profile without (that, or that served) release.
     *
     * @param mac 12 lower-case hex digits
     * @param uvc a UVC valid by its format, or {@code null}
     */
    public Optional<ResolvedRelease> resolve(String mac, String uvc) {
        lookups.increment();
        Optional<DeviceRelease> release = release(mac, uvc);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        DeviceRelease device = release.get();
        // a release deleted since (its profile was) is not served
        return contents.content(device.releaseId()).map(content -> resolved(device, content));
    }

    /**
     * {@link #resolve} from memory alone, for a thread that must not block: {@code held} false when the answer needs
     * the release's content read from the database first (ask {@link #resolve} on a thread that may block).
     */
    public record HeldLookup(boolean held, Optional<ResolvedRelease> release) {
    }

    /** Like {@link #resolve}, without reading the database: see {@link HeldLookup}. */
    public HeldLookup resolveHeld(String mac, String uvc) {
        Optional<DeviceRelease> release = release(mac, uvc);
        if (release.isEmpty()) {
            lookups.increment();
            return new HeldLookup(true, Optional.empty());
        }
        DeviceRelease device = release.get();
        Optional<ProfileContent> content = contents.held(device.releaseId());
        if (content.isEmpty()) {
            return new HeldLookup(false, Optional.empty());
        }
        lookups.increment();
        return new HeldLookup(true, Optional.of(resolved(device, content.get())));
    }

    private ResolvedRelease resolved(DeviceRelease device, ProfileContent content) {
        return new ResolvedRelease(device, content, firmwareArtifact(device, content));
    }

    /** The frozen content of a release that may have been deleted since its id was read. */
    public Optional<ProfileContent> content(UUID releaseId) {
        return contents.content(releaseId);
    }

    /** {@link #content} if memory holds it, without reading the database. */
    public Optional<ProfileContent> held(UUID releaseId) {
        return contents.held(releaseId);
    }

    /** Which release the device gets, without its content. */
    Optional<DeviceRelease> release(String mac, String uvc) {
        DeviceTable.Entry device = devices.find(Long.parseLong(mac, 16)).orElse(null);
        if (device == null || device.released() || device.profile() == null) {
            return Optional.empty();
        }
        ProfileRoutes.Route route = routes.route(device.tenantId(), device.profile());
        if (route == null) {
            return Optional.empty();
        }
        ProfileRoutes.Candidate chosen = uvc == null ? ReleaseChoice.current(route, mac, device.labels())
                : ReleaseChoice.named(route, mac, device.labels(), uvc, Uvc.format(Instant.now().minus(releaseGrace)));
        return chosen == null ? Optional.empty() : Optional.of(new DeviceRelease(mac, device.tenantId(),
                device.vendor(), device.model(), chosen.id(), chosen.uvc()));
    }

    /**
     * The firmware artifact the release gives the device: the one it names, or the one its channel points at now
     * (the tenant's channel, else the platform's); {@code null} when the release names none or the channel is unknown.
     */
    private String firmwareArtifact(DeviceRelease device, ProfileContent content) {
        ProfileContent.FirmwareRef firmware = content.firmware();
        if (firmware == null) {
            return null;
        }
        if (firmware.artifactId() != null) {
            return firmware.artifactId();
        }
        return channels.resolve(device.tenantId(), firmware.vendor(), firmware.product(), firmware.channel())
                .map(FirmwareArtifactRef::artifactId).orElse(null);
    }
}
