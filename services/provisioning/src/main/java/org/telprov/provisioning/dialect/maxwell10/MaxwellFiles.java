package org.telprov.provisioning.dialect.maxwell10;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceParameters;
import org.telprov.provisioning.render.DeviceUrls;
import org.telprov.provisioning.render.FirmwareLinks;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.provisioning.render.XmlFile;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the Gigaset Maxwell 1.0 files of a release for one device ({@code maxwell-1.0}). Element and attribute
 * names follow the examples of the vendor's provisioning guide:
 * <ol>
 *     <li>{@code provisioning.xml}: one {@code <category type url/>} per category the release has;</li>
 *     <li>{@code <category>/updates.xml}: {@code <firmware>}, {@code <nvm macAddress>} or {@code <scenario>} naming
 *     the release's UVC and the step-3 files;</li>
 *     <li>the settings files ({@code <settings><param name value/>…}) and the certificates, under the UVC in their
 *     path, so step 3 always serves the release step 2 announced. When the device gets HTTP Digest credentials,
 *     {@code nvm/updates.xml} lists {@code credentials.xml} (just those) before {@code settings.xml} (the rest): the
 *     phone loads the new credentials first, then the settings they protect.</li>
 * </ol>
 */
@ApplicationScoped
public class MaxwellFiles {

    public static final String PROVISIONING = "provisioning.xml";
    public static final String UPDATES = "updates.xml";
    public static final String SETTINGS = "settings.xml";
    public static final String CREDENTIALS = "credentials.xml";
    public static final String FIRMWARE = "firmware";
    public static final String NVM = "nvm";
    public static final String CUSTOM = "custom";
    public static final String HTTP_AUTH_USERNAME = ProfileContent.DIGEST_USERNAME;
    public static final String HTTP_AUTH_PASSWORD = ProfileContent.DIGEST_PASSWORD;

    private static final String FORMAT_VERSION = "1.0";
    private static final Set<String> CREDENTIAL_PARAMETERS = Set.of(HTTP_AUTH_USERNAME, HTTP_AUTH_PASSWORD);

    private final DeviceUrls urls;
    private final DeviceParameters parameters;
    private final FirmwareLinks links;

    public MaxwellFiles(DeviceUrls urls, DeviceParameters parameters, FirmwareLinks links) {
        this.urls = urls;
        this.parameters = parameters;
        this.links = links;
    }

    /** Step 1, also the directory's file. */
    public DeviceFile provisioning() {
        return DeviceFile.of(Dialect.MAXWELL_10, PROVISIONING,
                (device, content, firmware) -> Optional.of(provisioning(device, content, firmware)));
    }

    /** Step 2: {@code <category>/updates.xml}. */
    public DeviceFile updates(String category, Instant now) {
        String file = category + "/" + UPDATES;
        // Firmware links expire: their window is part of the key, so a new window renders a new link.
        String variant = FIRMWARE.equals(category) ? file + "@" + links.window(now) : file;
        return DeviceFile.of(Dialect.MAXWELL_10, file, variant,
                (device, content, firmware) -> updates(device, content, firmware, category, now));
    }

    /** Step 3: {@code nvm/<uvc>/settings.xml} or {@code nvm/<uvc>/credentials.xml}. */
    public DeviceFile nvm(String name) {
        return DeviceFile.of(Dialect.MAXWELL_10, NVM + "/" + name, (device, content, firmware) ->
                Optional.ofNullable(nvmFiles(device, content).get(name)).map(values -> settings(device, values)));
    }

    /** Step 3: {@code custom/<uvc>/<name>.pem}. */
    public DeviceFile certificate(String file) {
        return DeviceFile.of(Dialect.MAXWELL_10, CUSTOM + "/" + file, (device, content, firmware) ->
                content.certificates().stream()
                        .filter(c -> file.equals(c.name() + ".pem"))
                        .findFirst()
                        .map(c -> RenderedFile.of(c.pem(), RenderedFile.PEM)));
    }

    /** Whether the release has the category for the device; firmware needs a resolved artifact and a link secret. */
    private boolean hasCategory(ProfileContent content, String firmwareArtifact, String mac, String category) {
        return switch (category) {
            case FIRMWARE -> firmwareArtifact != null && links.available();
            case NVM -> !content.parameters().isEmpty() || !content.overridesOf(mac).isEmpty();
            case CUSTOM -> !content.certificates().isEmpty();
            default -> false;
        };
    }

    private RenderedFile provisioning(DeviceRelease device, ProfileContent content, String firmwareArtifact) {
        return XmlFile.of(w -> {
            w.writeStartElement("provisioning");
            w.writeAttribute("version", FORMAT_VERSION);
            w.writeAttribute("productID", device.model());
            for (String category : new String[]{FIRMWARE, NVM, CUSTOM}) {
                if (hasCategory(content, firmwareArtifact, device.mac(), category)) {
                    XmlFile.newline(w);
                    w.writeEmptyElement("category");
                    w.writeAttribute("type", category);
                    w.writeAttribute("url", urls.base(device.mac()) + "/" + category + "/" + UPDATES);
                }
            }
            XmlFile.newline(w);
            w.writeEndElement();
        });
    }

    /** The category's updates file, or empty when the release has no such category. */
    private Optional<RenderedFile> updates(DeviceRelease device, ProfileContent content, String firmwareArtifact,
                                           String category, Instant now) {
        if (!hasCategory(content, firmwareArtifact, device.mac(), category)) {
            return Optional.empty();
        }
        // settings follow the device's own version, certificates change with a release only; the firmware file names
        // its image (a phone downloads it when that differs from the one it stored), so a channel move or a firmware
        // rollout's offer reaches the phone without a release, and a new release with the same image downloads nothing
        String version = NVM.equals(category) ? device.version()
                : FIRMWARE.equals(category) ? firmwareArtifact : device.uvc();
        String uvcBase = urls.base(device.mac()) + "/" + category + "/" + version;
        return Optional.of(switch (category) {
            case FIRMWARE -> XmlFile.of(w -> {
                start(w, "firmware", device);
                XmlFile.newline(w);
                w.writeEmptyElement("file");
                w.writeAttribute("version", version);
                w.writeAttribute("type", "latest");
                w.writeAttribute("url", links.url(firmwareArtifact, device, now));
                XmlFile.newline(w);
                w.writeEndElement();
            });
            case NVM -> XmlFile.of(w -> {
                start(w, "nvm", device);
                w.writeAttribute("macAddress", MacAddress.parse(device.mac()).colonSeparated());
                for (String name : nvmFiles(device, content).keySet()) {
                    XmlFile.newline(w);
                    w.writeEmptyElement("file");
                    w.writeAttribute("version", version);
                    w.writeAttribute("url", uvcBase + "/" + name);
                }
                XmlFile.newline(w);
                w.writeEndElement();
            });
            default -> XmlFile.of(w -> {
                w.writeStartElement("scenario");
                w.writeAttribute("version", version);
                w.writeAttribute("productID", device.model());
                for (ProfileContent.Certificate certificate : content.certificates()) {
                    XmlFile.newline(w);
                    w.writeEmptyElement("step");
                    w.writeAttribute("type", "certificate");
                    w.writeAttribute("url", uvcBase + "/" + certificate.name() + ".pem");
                    w.writeAttribute("flags", "FORCE_ACCEPT");
                }
                XmlFile.newline(w);
                w.writeEndElement();
            });
        });
    }

    /**
     * The device's nvm files in the order it loads them, each with its parameters (the release's, the device's
     * overrides replacing or adding to them): {@code credentials.xml} with the HTTP Digest credentials when it gets
     * any, then {@code settings.xml} with the rest when there is any.
     */
    private Map<String, Map<String, String>> nvmFiles(DeviceRelease device, ProfileContent content) {
        Map<String, String> credentials = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        parameters.merged(content, device).forEach((name, value) ->
                (CREDENTIAL_PARAMETERS.contains(name) ? credentials : settings).put(name, value));
        Map<String, Map<String, String>> nvm = new LinkedHashMap<>();
        if (!credentials.isEmpty()) {
            nvm.put(CREDENTIALS, credentials);
        }
        if (!settings.isEmpty()) {
            nvm.put(SETTINGS, settings);
        }
        return nvm;
    }

    private static RenderedFile settings(DeviceRelease device, Map<String, String> values) {
        return XmlFile.of(w -> {
            start(w, "settings", device);
            for (Map.Entry<String, String> parameter : values.entrySet()) {
                XmlFile.param(w, parameter.getKey(), parameter.getValue());
            }
            XmlFile.newline(w);
            w.writeEndElement();
        });
    }

    private static void start(XMLStreamWriter writer, String root, DeviceRelease device) throws XMLStreamException {
        writer.writeStartElement(root);
        writer.writeAttribute("version", FORMAT_VERSION);
        writer.writeAttribute("productID", device.model());
    }
}
