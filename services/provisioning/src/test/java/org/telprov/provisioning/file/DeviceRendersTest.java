package org.telprov.provisioning.file;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.ReleaseTemplates;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceParameters;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.provisioning.render.XmlFile;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared renders: what a device gets equals its own render, and both caches stay within their bounds. */
class DeviceRendersTest {

    private static final int BOUND = 8;
    private static final UUID RELEASE = UUID.randomUUID();

    /** The MAC as text (composable), and one value that depends on it otherwise (not composable). */
    private static final DeviceFile NAMING = DeviceFile.of(Dialect.MAXWELL_10, "named.xml", (device, content, fw) ->
            Optional.of(RenderedFile.of("<a url=\"/prov/" + device.mac() + "/x\" mac=\"" + device.mac().toUpperCase()
                    + "\" n=\"" + content.overridesOf(device.mac()).size() + "\"/>\n", RenderedFile.XML)));
    private static final DeviceFile SIGNING = DeviceFile.of(Dialect.MAXWELL_10, "signed.xml", (device, content, fw) ->
            Optional.of(RenderedFile.of("sig=" + Integer.toHexString(device.mac().hashCode()) + "\n",
                    RenderedFile.TEXT)));

    private final DeviceRenders renders = renders(new RenderCache(config()));
    private final RenderCache perDevice = new RenderCache(config());

    @Test
    void aComposedFileIsTheDevicesOwnRenderWithAndWithoutOverrides() {
        ProfileContent content = content(Map.of("901b0e000001", List.of(new ProfileContent.Parameter("a", "b",
                false))));
        for (String mac : List.of("901b0e000001", "901b0e000002", "901b0e000003")) {
            DeviceRelease device = device(RELEASE, mac);
            for (DeviceFile file : List.of(NAMING, SIGNING)) {
                assertThat(renders.render(file, device, content, null).map(r -> text(r.body())))
                        .isEqualTo(file.renderer().render(device, content, null).map(r -> text(r.body())));
            }
        }
    }

    @Test
    void theSharedCacheKeepsAtMostItsBound() {
        for (int i = 0; i < 5 * BOUND; i++) {
            renders.render(NAMING, device(UUID.randomUUID(), "901b0e000001"), content(Map.of()), null);
        }
        assertThat(renders.sharedSize()).isEqualTo(BOUND);
    }

    @Test
    void devicesRenderedOnTheirOwnAreKeptWithinTheirBound() {
        DeviceRenders bounded = renders(perDevice);
        for (int i = 0; i < 5 * BOUND; i++) {
            String mac = "901b0e%06x".formatted(i);
            bounded.render(NAMING, device(RELEASE, mac),
                    content(Map.of(mac, List.of(new ProfileContent.Parameter("a", "b", false)))), null);
            bounded.render(SIGNING, device(RELEASE, mac), content(Map.of()), null);
        }
        assertThat(perDevice.size()).isEqualTo(BOUND);
        assertThat(bounded.sharedSize()).isEqualTo(1);
    }

    @Test
    void templatedValuesAreComposedIntoOneRenderOfTheReleaseWrittenAsTheRendererWritesThem() {
        AtomicInteger renders = new AtomicInteger();
        DeviceFile settings = DeviceFile.of(Dialect.MAXWELL_10, "settings.xml", (device, content, fw) -> {
            renders.incrementAndGet();
            return Optional.of(XmlFile.of(w -> {
                w.writeStartElement("settings");
                w.writeAttribute("version", device.version());
                for (Map.Entry<String, String> p : PARAMETERS.merged(content, device).entrySet()) {
                    XmlFile.param(w, p.getKey(), p.getValue());
                }
                w.writeEndElement();
            }));
        });
        DeviceRenders shared = renders(new RenderCache(config()));
        ProfileContent content = templated();
        for (int i = 1; i <= 20; i++) {
            DeviceRelease device = templatedDevice("901b0e1000%02x".formatted(i), "2026-12-0%d_10:00:00".formatted(1 + i % 9));
            String served = text(shared.render(settings, device, content, null).orElseThrow().body());
            int before = renders.get();
            assertThat(served).isEqualTo(text(settings.renderer().render(device, content, null).orElseThrow().body()))
                    .contains("&lt;&amp;&quot;'&gt;]]&gt; " + device.mac());
            renders.set(before);
        }
        // two renders with placeholders and one with the probe, for twenty devices
        assertThat(renders.get()).isEqualTo(3);
        assertThat(perDevice.size()).isZero();
    }

    @Test
    void aFileThatWritesValuesOtherwiseThanItsDialectIsRenderedForEachDeviceAndNeverKept() {
        AtomicInteger renders = new AtomicInteger();
        // its own escaping, which the placeholders cannot tell but the probe render does
        DeviceFile apostrophes = DeviceFile.of(Dialect.MAXWELL_10, "own.txt", (device, content, fw) -> {
            renders.incrementAndGet();
            StringBuilder text = new StringBuilder();
            PARAMETERS.merged(content, device).forEach((k, v) -> text.append(k).append('=')
                    .append(v.replace("'", "&apos;")).append('\n'));
            return Optional.of(RenderedFile.of(text.toString(), RenderedFile.TEXT));
        });
        DeviceRenders bounded = renders(perDevice);
        for (int i = 1; i <= 5; i++) {
            DeviceRelease device = templatedDevice("901b0e2000%02x".formatted(i), "2026-12-01_10:00:00");
            assertThat(text(bounded.render(apostrophes, device, templated(), null).orElseThrow().body()))
                    .contains("p=<&\"&apos;>]]> " + device.mac());
        }
        assertThat(renders.get()).isEqualTo(3 + 5);
        assertThat(perDevice.size()).isZero();
    }

    @Test
    void aDeviceWithoutAValueForATemplateGetsNoFile() {
        DeviceRelease device = new DeviceRelease("901b0e300001", "acme", "gigaset", "mx3b", RELEASE,
                "2026-11-23_18:00:00", "2026-11-23_18:00:00", (d, name, template) -> null);
        assertThat(renders(new RenderCache(config())).render(NAMING, device, templated(), null)).isEmpty();
    }

    /** A release whose parameter {@code p} refers to a setting. */
    private static ProfileContent templated() {
        return new ProfileContent(Dialect.MAXWELL_10, List.of(new ProfileContent.Parameter("p", "{{setting.x}}", false),
                new ProfileContent.Parameter("q", "plain", false)), List.of(), null, Map.of(), List.of());
    }

    /** A device whose setting {@code x} is hostile text naming its MAC. */
    private static DeviceRelease templatedDevice(String mac, String version) {
        return new DeviceRelease(mac, "acme", "gigaset", "mx3b", RELEASE, "2026-11-23_18:00:00", version,
                (device, name, template) -> template.render(reference -> "<&\"'>]]> " + device.mac()));
    }

    private static ProfileContent content(Map<String, List<ProfileContent.Parameter>> overrides) {
        return new ProfileContent(Dialect.MAXWELL_10, List.of(new ProfileContent.Parameter("p", "v", false)),
                List.of(), null, overrides, List.of());
    }

    private static DeviceRelease device(UUID release, String mac) {
        return new DeviceRelease(mac, "acme", "gigaset", "mx3b", release, "2026-11-23_18:00:00");
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static final DeviceParameters PARAMETERS = new DeviceParameters(new SecretBox(config()));

    private static DeviceRenders renders(RenderCache cache) {
        return new DeviceRenders(cache, new ReleaseTemplates(new SecretBox(config())), dialect -> XmlFile::attributeText,
                config(), new SimpleMeterRegistry());
    }

    /** Only the two cache sizes are read, and no secrets key. */
    private static ProvisioningConfig config() {
        return (ProvisioningConfig) Proxy.newProxyInstance(ProvisioningConfig.class.getClassLoader(),
                new Class<?>[]{ProvisioningConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "renderCacheSize", "sharedRenderCacheSize" -> BOUND;
                    case "secretsKey" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
