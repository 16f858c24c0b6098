package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.RenderedFile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A device's rendered file, shared where it can be: a device without overrides gets its release's {@link SharedFile}
 * (rendered once per release, dialect and file variant, vendor, model and firmware) with its MAC composed in, so
 * memory does not grow with the fleet; a device with overrides, or a file that cannot be shared (one naming a link signed for the
 * device), is rendered on its own and kept in the {@link RenderCache}. Both caches are LRU-bounded; releases never
 * change, so no entry goes stale.
 */
@ApplicationScoped
public class DeviceRenders {

    /** Placeholder MACs a shared file is rendered for; two, so that a MAC that is not mere text is noticed. */
    static final MacAddress FIRST = MacAddress.parse("a5e5c7d0f1b2");
    static final MacAddress SECOND = MacAddress.parse("b6f6d8e1a2c3");

    /** A file that cannot be shared: its devices are rendered one by one. */
    private static final Optional<SharedFile> UNSHARED = Optional.empty();

    private final RenderCache perDevice;
    private final Map<String, Optional<SharedFile>> shared;

    public DeviceRenders(RenderCache perDevice, ProvisioningConfig config) {
        this.perDevice = perDevice;
        int capacity = config.sharedRenderCacheSize();
        this.shared = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<SharedFile>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The device's file, or empty when the release has none for it. */
    public Optional<RenderedFile> render(DeviceFile file, DeviceRelease device, ProfileContent content,
                                         String firmware) {
        // A channel reference resolves to whatever the channel points at now: the artifact is part of the key.
        String key = device.releaseId() + "/" + device.tenantId() + "/" + device.vendor() + "/" + device.model() + "/"
                + file.dialect() + "/" + file.variant() + "/" + firmware;
        if (content.overridesOf(device.mac()).isEmpty()) {
            Optional<SharedFile> template;
            synchronized (shared) {
                template = shared.get(key);
            }
            if (template == null) {
                Optional<RenderedFile> first = file.renderer().render(placeholder(device, FIRST), shared(content),
                        firmware);
                if (first.isEmpty()) {
                    return Optional.empty();
                }
                Optional<RenderedFile> second = file.renderer().render(placeholder(device, SECOND), shared(content),
                        firmware);
                template = second.flatMap(s -> SharedFile.of(first.get(), FIRST, s, SECOND));
                Optional<SharedFile> kept = template.isPresent() ? template : UNSHARED;
                synchronized (shared) {
                    shared.put(key, kept);
                }
            }
            if (template.isPresent()) {
                return Optional.of(template.get().forDevice(MacAddress.parse(device.mac())));
            }
        }
        return perDevice.get(key + "/" + device.mac(), () -> file.renderer().render(device, content, firmware));
    }

    /** How many shared files are kept. */
    public int sharedSize() {
        synchronized (shared) {
            return shared.size();
        }
    }

    private static DeviceRelease placeholder(DeviceRelease device, MacAddress mac) {
        return new DeviceRelease(mac.toString(), device.tenantId(), device.vendor(), device.model(),
                device.releaseId(), device.uvc());
    }

    /** The release's content as a device without overrides sees it, whatever MAC the placeholder has. */
    private static ProfileContent shared(ProfileContent content) {
        return content.overrides().isEmpty() ? content : new ProfileContent(content.dialect(), content.parameters(),
                content.certificates(), content.firmware(), Map.of(), content.references(), content.settings());
    }
}
