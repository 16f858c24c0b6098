package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.support.link.SignedLinks;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Gigaset Maxwell 1.0 files of a release for one device, with a StAX writer so every value is escaped.
 * Element and attribute names follow the examples of the vendor's provisioning guide:
 * <ol>
 *     <li>{@code provisioning.xml}: one {@code <category type url/>} per category the release has;</li>
 *     <li>{@code <category>/updates.xml}: {@code <firmware>}, {@code <nvm macAddress>} or {@code <scenario>} naming
 *     the release's UVC and the step-3 file;</li>
 *     <li>the settings file ({@code <settings><param name value/>…}) and the certificates, under the UVC in their
 *     path, so step 3 always serves the release step 2 announced.</li>
 * </ol>
 */
@ApplicationScoped
public class MaxwellFiles {

    public static final String PROVISIONING = "provisioning.xml";
    public static final String UPDATES = "updates.xml";
    public static final String SETTINGS = "settings.xml";
    public static final String FIRMWARE = "firmware";
    public static final String NVM = "nvm";
    public static final String CUSTOM = "custom";

    private static final String FORMAT_VERSION = "1.0";
    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();

    private final ProvisioningConfig config;
    private final SecretBox secrets;
    private final Optional<SignedLinks> links;

    public MaxwellFiles(ProvisioningConfig config, SecretBox secrets, LinkSecretConfig linkSecret) {
        this.config = config;
        this.secrets = secrets;
        this.links = linkSecret.secret().map(SignedLinks::new);
    }

    /** Where the device's files are: {@code <public base URL>/prov/<mac>}. */
    public String base(String mac) {
        return config.publicBaseUrl() + DeviceFileResource.PATH + "/" + mac;
    }

    /** Whether the release has the category for the device; firmware needs a resolved artifact and a link secret. */
    public boolean hasCategory(ProfileContent content, String firmwareArtifact, String mac, String category) {
        return switch (category) {
            case FIRMWARE -> firmwareArtifact != null && links.isPresent();
            case NVM -> !content.parameters().isEmpty() || !content.overridesOf(mac).isEmpty();
            case CUSTOM -> !content.certificates().isEmpty();
            default -> false;
        };
    }

    public RenderedFile provisioning(DeviceRelease device, ProfileContent content, String firmwareArtifact) {
        return xml(w -> {
            w.writeStartElement("provisioning");
            w.writeAttribute("version", FORMAT_VERSION);
            w.writeAttribute("productID", device.model());
            for (String category : new String[]{FIRMWARE, NVM, CUSTOM}) {
                if (hasCategory(content, firmwareArtifact, device.mac(), category)) {
                    newline(w);
                    w.writeEmptyElement("category");
                    w.writeAttribute("type", category);
                    w.writeAttribute("url", base(device.mac()) + "/" + category + "/" + UPDATES);
                }
            }
            newline(w);
            w.writeEndElement();
        });
    }

    /** The category's updates file, or empty when the release has no such category. */
    public Optional<RenderedFile> updates(DeviceRelease device, ProfileContent content, String firmwareArtifact,
                                          String category, Instant now) {
        if (!hasCategory(content, firmwareArtifact, device.mac(), category)) {
            return Optional.empty();
        }
        String uvcBase = base(device.mac()) + "/" + category + "/" + device.uvc();
        return Optional.of(switch (category) {
            case FIRMWARE -> xml(w -> {
                w.writeStartElement("firmware");
                w.writeAttribute("version", FORMAT_VERSION);
                w.writeAttribute("productID", device.model());
                newline(w);
                w.writeEmptyElement("file");
                w.writeAttribute("version", device.uvc());
                w.writeAttribute("type", "latest");
                w.writeAttribute("url", firmwareUrl(firmwareArtifact, device.mac(), now));
                newline(w);
                w.writeEndElement();
            });
            case NVM -> xml(w -> {
                w.writeStartElement("nvm");
                w.writeAttribute("version", FORMAT_VERSION);
                w.writeAttribute("productID", device.model());
                w.writeAttribute("macAddress", MacAddress.parse(device.mac()).colonSeparated());
                newline(w);
                w.writeEmptyElement("file");
                w.writeAttribute("version", device.uvc());
                w.writeAttribute("url", uvcBase + "/" + SETTINGS);
                newline(w);
                w.writeEndElement();
            });
            default -> xml(w -> {
                w.writeStartElement("scenario");
                w.writeAttribute("version", device.uvc());
                w.writeAttribute("productID", device.model());
                for (ProfileContent.Certificate certificate : content.certificates()) {
                    newline(w);
                    w.writeEmptyElement("step");
                    w.writeAttribute("type", "certificate");
                    w.writeAttribute("url", uvcBase + "/" + certificate.name() + ".pem");
                    w.writeAttribute("flags", "FORCE_ACCEPT");
                }
                newline(w);
                w.writeEndElement();
            });
        });
    }

    /** The device's settings: the release's parameters, the device's overrides replacing or adding to them. */
    public Optional<RenderedFile> settings(DeviceRelease device, ProfileContent content) {
        if (!hasCategory(content, null, device.mac(), NVM)) {
            return Optional.empty();
        }
        Map<String, ProfileContent.Parameter> parameters = new LinkedHashMap<>();
        content.parameters().forEach(p -> parameters.put(p.name(), p));
        content.overridesOf(device.mac()).forEach(p -> parameters.put(p.name(), p));
        return Optional.of(xml(w -> {
            w.writeStartElement("settings");
            w.writeAttribute("version", FORMAT_VERSION);
            w.writeAttribute("productID", device.model());
            for (ProfileContent.Parameter parameter : parameters.values()) {
                newline(w);
                w.writeEmptyElement("param");
                w.writeAttribute("name", parameter.name());
                w.writeAttribute("value", parameter.secret() ? secrets.open(parameter.value()) : parameter.value());
            }
            newline(w);
            w.writeEndElement();
        }));
    }

    /** The certificate named {@code <name>.pem}, as PEM. */
    public Optional<RenderedFile> certificate(ProfileContent content, String file) {
        return content.certificates().stream()
                .filter(c -> file.equals(c.name() + ".pem"))
                .findFirst()
                .map(c -> RenderedFile.of(c.pem(), RenderedFile.PEM));
    }

    /**
     * The signed download link of the artifact for the device. Links expire at the end of the window after the
     * current one ({@code firmware.link-validity}), so the firmware file is byte-stable within a window.
     */
    private String firmwareUrl(String artifactId, String mac, Instant now) {
        Instant expires = Instant.ofEpochSecond(linkWindow(now) * windowSeconds() + 2 * windowSeconds());
        return config.firmware().baseUrl() + "/firmware/download/" + artifactId + "?"
                + links.orElseThrow().query(artifactId, mac, expires);
    }

    /** The link window of an instant; part of the firmware file's cache key. */
    public long linkWindow(Instant now) {
        return now.getEpochSecond() / windowSeconds();
    }

    private long windowSeconds() {
        return Math.max(1, config.firmware().linkValidity().toSeconds());
    }

    private static void newline(XMLStreamWriter writer) throws XMLStreamException {
        writer.writeCharacters("\n");
    }

    private interface Body {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static RenderedFile xml(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter writer = XML.createXMLStreamWriter(out, "UTF-8");
            writer.writeStartDocument("UTF-8", "1.0");
            newline(writer);
            body.write(writer);
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("rendering to memory cannot fail", e);
        }
        out.write('\n');
        return RenderedFile.of(out.toByteArray(), RenderedFile.XML);
    }
}
