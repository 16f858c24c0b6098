package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.ParameterValues;
import org.telprov.provisioning.release.ReleaseTemplates;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.provisioning.render.UnresolvedValue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A device's rendered file, shared where it can be: a device without overrides gets its release's {@link SharedFile}
 * (rendered once per release, dialect and file variant, vendor, model and firmware) with its own parts composed in (its
 * MAC, its version, its templated values written as its dialect writes them), so memory does not grow with the fleet
 * nor with per-device settings; a device with overrides, or a file that cannot be shared (one naming a link signed for
 * the device, an MD5 sum), is rendered on its own, and kept in the {@link RenderCache} unless the release has templated
 * values (which change without the release changing). Both caches are LRU-bounded; releases never change, so no entry
 * goes stale. A device whose templated value does not resolve gets no file ({@link UnresolvedValue}).
 */
@ApplicationScoped
public class DeviceRenders {

    /** Placeholder MACs a shared file is rendered for; two, so that a MAC that is not mere text is noticed. */
    static final MacAddress FIRST = MacAddress.parse("a5e5c7d0f1b2");
    static final MacAddress SECOND = MacAddress.parse("b6f6d8e1a2c3");
    /** Placeholder versions, likewise; UVCs, as a renderer may read one. */
    static final String FIRST_VERSION = "1901-01-01_01:01:01";
    static final String SECOND_VERSION = "1902-02-02_02:02:02";
    /**
     * What the check render puts in every templated value, to prove that the dialect writes a value in a shared file as
     * its renderer does: every character XML escapes, and a quote (tried without when the dialect cannot write one).
     */
    static final String PROBE = "<&\"'>]]>";
    static final String PROBE_WITHOUT_QUOTE = "<&'>]]>";

    /** A file that cannot be shared: its devices are rendered one by one. */
    private static final Optional<SharedFile> UNSHARED = Optional.empty();

    private final RenderCache perDevice;
    private final ReleaseTemplates releaseTemplates;
    /** Each dialect's {@link DeviceDialect#valueText}. */
    private final Function<Dialect, UnaryOperator<String>> valueWriters;
    private final MeterRegistry registry;
    private final Map<String, Optional<SharedFile>> shared;
    /** Per process, so that no profile can contain a placeholder by accident (a collision would only unshare a file). */
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    @Inject
    public DeviceRenders(RenderCache perDevice, ReleaseTemplates releaseTemplates, Dialects dialects,
                         ProvisioningConfig config, MeterRegistry registry) {
        this(perDevice, releaseTemplates, dialect -> dialects.of(dialect)::valueText, config, registry);
    }

    DeviceRenders(RenderCache perDevice, ReleaseTemplates releaseTemplates,
                  Function<Dialect, UnaryOperator<String>> valueWriters, ProvisioningConfig config,
                  MeterRegistry registry) {
        this.perDevice = perDevice;
        this.releaseTemplates = releaseTemplates;
        this.valueWriters = valueWriters;
        this.registry = registry;
        int capacity = config.sharedRenderCacheSize();
        this.shared = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<SharedFile>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The device's file, or empty when the release has none for it or a templated value does not resolve. */
    public Optional<RenderedFile> render(DeviceFile file, DeviceRelease device, ProfileContent content,
                                         String firmware) {
        try {
            return find(file, device, content, firmware);
        } catch (UnresolvedValue e) {
            registry.counter("telprov.provisioning.settings.unresolved", "dialect", file.dialect().id(),
                    "file", file.file()).increment();
            return Optional.empty();
        }
    }

    private Optional<RenderedFile> find(DeviceFile file, DeviceRelease device, ProfileContent content,
                                        String firmware) {
        // A channel reference resolves to whatever the channel points at now: the artifact is part of the key.
        String key = device.releaseId() + "/" + device.tenantId() + "/" + device.vendor() + "/" + device.model() + "/"
                + file.dialect() + "/" + file.variant() + "/" + firmware;
        ReleaseTemplates.Templates templates = releaseTemplates.of(device.releaseId(), content);
        if (content.overridesOf(device.mac()).isEmpty()) {
            Optional<SharedFile> template;
            synchronized (shared) {
                template = shared.get(key);
            }
            if (template == null) {
                Optional<SharedFile> built = build(file, device, content, firmware, templates);
                if (built == null) {
                    return Optional.empty();
                }
                template = built;
                synchronized (shared) {
                    shared.put(key, built.isPresent() ? built : UNSHARED);
                }
            }
            if (template.isPresent()) {
                return Optional.of(template.get().forDevice(parts(device, templates, file)));
            }
        }
        if (!templates.isEmpty()) {
            // the device's values change without its release changing: rendered on every request, never kept
            return file.renderer().render(device, content, firmware);
        }
        return perDevice.get(key + "/" + device.mac(), () -> file.renderer().render(device, content, firmware));
    }

    /**
     * The release's file as shared by its devices: empty when it cannot be (see {@link SharedFile#of}, and the check
     * render with {@link #PROBE} values), {@code null} when the release has no such file.
     */
    private Optional<SharedFile> build(DeviceFile file, DeviceRelease device, ProfileContent content, String firmware,
                                       ReleaseTemplates.Templates templates) {
        ProfileContent common = shared(content);
        SharedFile.Placeholders first = placeholders(FIRST, FIRST_VERSION, "a", templates);
        Optional<RenderedFile> firstRender = file.renderer().render(placeholder(device, first, templates), common,
                firmware);
        if (firstRender.isEmpty()) {
            return null;
        }
        SharedFile.Placeholders second = placeholders(SECOND, SECOND_VERSION, "b", templates);
        Optional<SharedFile> template = file.renderer().render(placeholder(device, second, templates), common, firmware)
                .flatMap(s -> SharedFile.of(firstRender.get(), first, s, second));
        if (template.isEmpty() || templates.isEmpty()) {
            return template;
        }
        UnaryOperator<String> writer = valueWriters.apply(file.dialect());
        String probe = writer.apply(PROBE) != null ? PROBE : PROBE_WITHOUT_QUOTE;
        List<String> probes = Collections.nCopies(templates.names().size(), probe);
        SharedFile.Placeholders check = new SharedFile.Placeholders(FIRST, FIRST_VERSION, probes);
        Optional<RenderedFile> checked = file.renderer().render(placeholder(device, check, templates), common,
                firmware);
        String written = writer.apply(probe);
        RenderedFile composed = template.get().forDevice(new SharedFile.Parts(FIRST, FIRST_VERSION,
                Collections.nCopies(templates.names().size(), written)));
        return checked.isPresent() && Arrays.equals(checked.get().body(), composed.body()) ? template : UNSHARED;
    }

    private SharedFile.Placeholders placeholders(MacAddress mac, String version, String which,
                                                 ReleaseTemplates.Templates templates) {
        List<String> values = new ArrayList<>(templates.names().size());
        for (int i = 0; i < templates.names().size(); i++) {
            values.add("tv" + token + "x" + i + which);
        }
        return new SharedFile.Placeholders(mac, version, values);
    }

    /** The device's parts; its templated values evaluated and written as its dialect writes them. */
    private SharedFile.Parts parts(DeviceRelease device, ReleaseTemplates.Templates templates, DeviceFile file) {
        List<String> values = List.of();
        if (!templates.isEmpty()) {
            UnaryOperator<String> writer = valueWriters.apply(file.dialect());
            values = new ArrayList<>(templates.names().size());
            for (int i = 0; i < templates.names().size(); i++) {
                String name = templates.names().get(i);
                String value = device.values().value(device, name, templates.templates().get(i));
                String written = value == null ? null : writer.apply(value);
                if (written == null) {
                    throw new UnresolvedValue(name);
                }
                values.add(written);
            }
        }
        return new SharedFile.Parts(MacAddress.parse(device.mac()), device.version(), values);
    }

    /** How many shared files are kept. */
    public int sharedSize() {
        synchronized (shared) {
            return shared.size();
        }
    }

    /** A device with the placeholders as its MAC, version and templated values. */
    private static DeviceRelease placeholder(DeviceRelease device, SharedFile.Placeholders placeholders,
                                             ReleaseTemplates.Templates templates) {
        ParameterValues values = (d, name, template) -> {
            int i = templates.names().indexOf(name);
            return i < 0 ? null : placeholders.values().get(i);
        };
        return new DeviceRelease(placeholders.mac().toString(), device.tenantId(), device.vendor(), device.model(),
                device.releaseId(), device.uvc(), placeholders.version(), values);
    }

    /** The release's content as a device without overrides sees it, whatever MAC the placeholder has. */
    private static ProfileContent shared(ProfileContent content) {
        return content.overrides().isEmpty() ? content : content.withoutOverrides();
    }
}
