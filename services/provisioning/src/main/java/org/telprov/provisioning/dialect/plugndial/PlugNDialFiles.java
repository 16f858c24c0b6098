package org.telprov.provisioning.dialect.plugndial;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceParameters;
import org.telprov.provisioning.render.FirmwareLinks;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.provisioning.render.UnresolvedValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Plug-n-Dial files ({@code plug-n-dial}), laid out "2 deep" as its APS servers have them:
 * {@code <mac[0:4]>/<mac[4:8]>/<mac>.txt} with {@code key="value"} lines, the {@code .md5} of exactly those bytes, and
 * {@code firmware/<OEM>/<Model>/currentversion.txt} naming the release's firmware image, whose own path redirects to
 * the signed download link on the firmware service.
 */
@ApplicationScoped
public class PlugNDialFiles {

    public static final String CONFIG = "config.txt";
    public static final String CHECKSUM = "config.md5";
    public static final String CURRENT_VERSION = "currentversion.txt";
    /** The firmware redirect's name for check-ins and the guard. */
    public static final String FIRMWARE_IMAGE = "firmware-image";

    private final DeviceParameters parameters;
    private final FirmwareLinks links;

    public PlugNDialFiles(DeviceParameters parameters, FirmwareLinks links) {
        this.parameters = parameters;
        this.links = links;
    }

    /** The configuration file, also the directory's. */
    public DeviceFile config() {
        return DeviceFile.of(Dialect.PLUG_N_DIAL, CONFIG,
                (device, content, firmware) -> Optional.of(RenderedFile.of(configBytes(device, content),
                        RenderedFile.TEXT)));
    }

    /**
     * The file at {@code <a>/<b>/<name>} below the device's base: {@code .txt} or {@code .md5} when {@code name} is the
     * device's own MAC in lower-case hex and {@code a}, {@code b} are its first and second four digits, else empty.
     */
    public Optional<DeviceFile> configAt(String mac, String a, String b, String name) {
        if (!MacAddress.isValid(mac)) {
            return Optional.empty();
        }
        String own = MacAddress.parse(mac).toString();
        if (!a.equals(own.substring(0, 4)) || !b.equals(own.substring(4, 8))) {
            return Optional.empty();
        }
        if (name.equals(own + ".txt")) {
            return Optional.of(config());
        }
        if (name.equals(own + ".md5")) {
            return Optional.of(DeviceFile.of(Dialect.PLUG_N_DIAL, CHECKSUM, (device, content, firmware) ->
                    Optional.of(RenderedFile.of(md5(configBytes(device, content)), RenderedFile.TEXT))));
        }
        return Optional.empty();
    }

    /** {@code currentversion.txt} for the device's vendor and model (case-insensitive); none without firmware. */
    public DeviceFile currentVersion(String oem, String model) {
        String variant = CURRENT_VERSION + "@" + oem.toLowerCase(Locale.ROOT) + "/" + model.toLowerCase(Locale.ROOT);
        return DeviceFile.of(Dialect.PLUG_N_DIAL, CURRENT_VERSION, variant, (device, content, firmware) ->
                image(device, firmware, oem, model).map(image -> RenderedFile.of("Image_file=\"" + image + "\"\n",
                        RenderedFile.TEXT)));
    }

    /** The signed download link of the image {@code currentversion.txt} names, when {@code file} is that image. */
    public Optional<String> imageLink(DeviceRelease device, String firmwareArtifact, String oem, String model,
                                      String file, Instant now) {
        return image(device, firmwareArtifact, oem, model).filter(file::equals)
                .map(image -> links.url(firmwareArtifact, device, now));
    }

    /** The image's file name, {@code <artifactId>.bin}, when the path names the device's vendor and model. */
    private Optional<String> image(DeviceRelease device, String firmwareArtifact, String oem, String model) {
        if (firmwareArtifact == null || !links.available() || !device.vendor().equalsIgnoreCase(oem)
                || !device.model().equalsIgnoreCase(model)) {
            return Optional.empty();
        }
        return Optional.of(firmwareArtifact + ".bin");
    }

    /**
     * One {@code key="value"} line per parameter, overrides replacing the release's; profiles refuse '"' on save, and a
     * templated value with one leaves the file unresolved.
     */
    private byte[] configBytes(DeviceRelease device, ProfileContent content) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.merged(content, device).entrySet()) {
            if (parameter.getValue().indexOf('"') >= 0) {
                throw new UnresolvedValue(parameter.getKey()); // only a device's setting can bring one: not writable
            }
            text.append(parameter.getKey()).append("=\"").append(parameter.getValue()).append("\"\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
