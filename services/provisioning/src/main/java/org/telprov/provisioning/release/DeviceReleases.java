package org.telprov.provisioning.release;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.device.DeviceTable;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.provisioning.setting.EffectiveSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which release a device gets: the one place the device path asks. Answered from memory: the device from the
 * {@link DeviceTable}, its profile's releases, audiences and pins from {@link ProfileRoutes}, the content from
 * {@link ReleaseContents}, a firmware channel from {@link FirmwareChannelLookup}, the device's settings from
 * {@link EffectiveSettings}; no query in the steady state.
 *
 * <p>The device's own version: its release's UVC, or, when the release refers to settings, the newer of that and the
 * last change of the device's own, label-group and tenant settings (in UVC format), so that changing one device's
 * settings changes that device's files and version only.
 */
@ApplicationScoped
public class DeviceReleases {

    private final DeviceTable devices;
    private final ProfileRoutes routes;
    private final ReleaseContents contents;
    private final FirmwareChannelLookup channels;
    private final EffectiveSettings settings;
    private final ReleaseTemplates templates;
    private final SecretBox secrets;
    private final Duration releaseGrace;
    private final Counter lookups;

    public DeviceReleases(DeviceTable devices, ProfileRoutes routes, ReleaseContents contents,
                          FirmwareChannelLookup channels, EffectiveSettings settings, ReleaseTemplates templates,
                          SecretBox secrets, ProvisioningConfig config, MeterRegistry registry) {
        this.devices = devices;
        this.routes = routes;
        this.contents = contents;
        this.channels = channels;
        this.settings = settings;
        this.templates = templates;
        this.secrets = secrets;
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
        Optional<Found> release = find(mac, uvc);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        Found found = release.get();
        // a release deleted since (its profile was) is not served
        return contents.content(found.device().releaseId()).flatMap(content -> resolved(found, content));
    }

    /**
     * {@link #resolve} from memory alone, for a thread that must not block: {@code held} false when the answer needs
     * the release's content read from the database first (ask {@link #resolve} on a thread that may block).
     */
    public record HeldLookup(boolean held, Optional<ResolvedRelease> release) {
    }

    /** Like {@link #resolve}, without reading the database: see {@link HeldLookup}. */
    public HeldLookup resolveHeld(String mac, String uvc) {
        Optional<Found> release = find(mac, uvc);
        if (release.isEmpty()) {
            lookups.increment();
            return new HeldLookup(true, Optional.empty());
        }
        Found found = release.get();
        Optional<ProfileContent> content = contents.held(found.device().releaseId());
        if (content.isEmpty()) {
            return new HeldLookup(false, Optional.empty());
        }
        lookups.increment();
        return new HeldLookup(true, resolved(found, content.get()));
    }

    /**
     * The device on its release with its own version and values; empty when the URL named a version newer than the
     * device's (one it was never given).
     */
    private Optional<ResolvedRelease> resolved(Found found, ProfileContent content) {
        DeviceRelease device = found.device();
        ReleaseTemplates.Templates templated = templates.of(device.releaseId(), content);
        String version = device.version();
        if (!templated.isEmpty()) {
            // only a release with templates looks at the device's settings (the others' devices cost nothing more)
            EffectiveSettings.DeviceSettings layers = settings.of(device.tenantId(), Long.parseLong(device.mac(), 16),
                    found.entry().labels(), content.settings());
            long changed = layers.changedAt();
            if (found.current() && templated.refersToSettings() && changed > 0) {
                String settingsVersion = Uvc.format(Instant.ofEpochSecond(changed));
                version = settingsVersion.compareTo(version) > 0 ? settingsVersion : version;
            }
            device = device.with(version, new DeviceValues(secrets, layers, found.entry().serial()));
        }
        if (found.named() != null && found.current() && found.named().compareTo(version) > 0) {
            return Optional.empty();
        }
        return Optional.of(new ResolvedRelease(device, content, firmwareArtifact(device, content)));
    }

    /** The frozen content of a release that may have been deleted since its id was read. */
    public Optional<ProfileContent> content(UUID releaseId) {
        return contents.content(releaseId);
    }

    /** {@link #content} if memory holds it, without reading the database. */
    public Optional<ProfileContent> held(UUID releaseId) {
        return contents.held(releaseId);
    }

    /**
     * The content of the device's current release (the one {@link #resolve} answers without a UVC), without its own
     * version, values or firmware: what a firmware rollout asks of each device of its product at every scheduler run,
     * so no templates or settings are worked out for it.
     */
    public Optional<ProfileContent> currentContent(String mac) {
        return find(mac, null).flatMap(found -> contents.content(found.device().releaseId()));
    }

    /** Which release the device gets under the UVC (or its current one), without its content or own version. */
    Optional<DeviceRelease> release(String mac, String uvc) {
        return find(mac, uvc).map(Found::device);
    }

    /**
     * Which release a device gets, before its content is read.
     *
     * @param device  the release's UVC as its version, for now
     * @param current whether it is the device's current release
     * @param named   the version the URL named, {@code null} for none
     */
    private record Found(DeviceTable.Entry entry, DeviceRelease device, boolean current, String named) {
    }

    /**
     * Which release the device gets, without its content: under a named UVC the release with it, or the device's
     * current release when the UVC is not older than it (a version of the device's own settings, which the current
     * release's files named; one newer than the device's version is refused once that is known).
     */
    private Optional<Found> find(String mac, String uvc) {
        DeviceTable.Entry device = devices.find(Long.parseLong(mac, 16)).orElse(null);
        if (device == null || device.released() || device.profile() == null) {
            return Optional.empty();
        }
        ProfileRoutes.Route route = routes.route(device.tenantId(), device.profile());
        if (route == null) {
            return Optional.empty();
        }
        List<String> labels = device.labels();
        ProfileRoutes.Candidate current = ReleaseChoice.current(route, mac, labels);
        ProfileRoutes.Candidate chosen = current;
        if (uvc != null) {
            chosen = ReleaseChoice.named(route, mac, labels, uvc, Uvc.format(Instant.now().minus(releaseGrace)));
            if (chosen == null && current != null && uvc.compareTo(current.uvc()) > 0) {
                chosen = current;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        return Optional.of(new Found(device, new DeviceRelease(mac, device.tenantId(), device.vendor(),
                device.model(), chosen.id(), chosen.uvc()), chosen == current, uvc));
    }

    /**
     * The firmware artifact the release gives the device: the one it names, or the one its channel points at now
     * (the tenant's channel, else the platform's) unless a firmware rollout of the channel offered the device another;
     * {@code null} when the release names none or the channel is unknown.
     */
    private String firmwareArtifact(DeviceRelease device, ProfileContent content) {
        ProfileContent.FirmwareRef firmware = content.firmware();
        if (firmware == null) {
            return null;
        }
        if (firmware.artifactId() != null) {
            return firmware.artifactId();
        }
        return channels.resolve(device.tenantId(), firmware.vendor(), firmware.product(), firmware.channel(),
                device.mac()).orElse(null);
    }
}
