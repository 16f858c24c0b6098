package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.render.RenderedFile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Files rendered for one device (by release, device and file), least recently used first out: those of devices with
 * overrides and those naming a link signed for the device ({@link DeviceRenders} shares the rest). Releases never
 * change, so an entry never goes stale; a device's steady state (its release unchanged) is a lookup, not a render.
 */
@ApplicationScoped
public class RenderCache {

    private final Map<String, RenderedFile> files;

    public RenderCache(ProvisioningConfig config) {
        int capacity = config.renderCacheSize();
        this.files = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RenderedFile> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How many files are kept. */
    public int size() {
        synchronized (files) {
            return files.size();
        }
    }

    /** The cached file, or the rendered one (cached unless the render found nothing to serve). */
    public Optional<RenderedFile> get(String key, Supplier<Optional<RenderedFile>> render) {
        synchronized (files) {
            RenderedFile cached = files.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<RenderedFile> rendered = render.get();
        rendered.ifPresent(file -> {
            synchronized (files) {
                files.put(key, file);
            }
        });
        return rendered;
    }
}
