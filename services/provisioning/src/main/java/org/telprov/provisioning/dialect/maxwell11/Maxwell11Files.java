package org.telprov.provisioning.dialect.maxwell11;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceParameters;
import org.telprov.provisioning.render.DeviceUrls;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.provisioning.render.XmlFile;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the Gigaset Maxwell 1.1 files ({@code maxwell-1.1}, "multiple provisioning files"), a chain of
 * {@code Redirect} steps: {@code provisioning.xml}, public, carries the release's general parameters that are neither
 * secret, templated (the device's own) nor credentials; when the device gets HTTP Digest credentials it redirects to {@code credentials.xml} (just
 * those, the first stage of a credential change), which redirects on; the last file, {@code <base>/%MACD.xml} (the
 * phone expands it with its own MAC), carries the device's version as {@code System.Provision.SettingsVersion}, the
 * secret and templated general parameters and the device's overrides, so a secret is only ever in a file that needs
 * Digest.
 */
@ApplicationScoped
public class Maxwell11Files {

    public static final String PROVISIONING = "provisioning.xml";
    /** The second file's name for check-ins and the guard; its URL is the MAC, e.g. {@code 901B0E56C7BC.xml}. */
    public static final String DEVICE = "device.xml";
    /** The credentials stage; at {@code <base>/credentials.xml}. */
    public static final String CREDENTIALS = "credentials.xml";
    /** What the phone replaces with its MAC in the Redirect step's URL. */
    public static final String MAC_MARKER = "%MACD";
    public static final String SETTINGS_VERSION = "System.Provision.SettingsVersion";

    private static final String FORMAT_VERSION = "1.1";
    private static final String CREDENTIALS_NAME = "credentials";
    private static final Set<String> CREDENTIAL_PARAMETERS = ProfileContent.DIGEST_CREDENTIALS;

    private final DeviceUrls urls;
    private final DeviceParameters parameters;

    public Maxwell11Files(DeviceUrls urls, DeviceParameters parameters) {
        this.urls = urls;
        this.parameters = parameters;
    }

    /**
     * The first file, also the directory's: nothing in it is secret or the device's own (its templated parameters go
     * to its last file), as it is served to anyone with the MAC.
     */
    public DeviceFile provisioning() {
        return DeviceFile.of(Dialect.MAXWELL_11, PROVISIONING, (device, content, firmware) -> Optional.of(
                XmlFile.of(w -> {
                    start(w, device);
                    writeParameters(w, parameters.values(content.parameters().stream()
                            .filter(p -> !p.secret() && !parameters.templated(p)
                                    && !CREDENTIAL_PARAMETERS.contains(p.name())).toList(), device));
                    redirect(w, credentials(device, content).isEmpty() ? deviceUrl(device) : credentialsUrl(device));
                    w.writeEndElement();
                })));
    }

    /**
     * {@code <fileName>.xml}: the credentials stage at {@code credentials.xml}, else the last file under the device's
     * own MAC (any accepted form); empty for anything else.
     */
    public Optional<DeviceFile> device(String mac, String fileName) {
        if (CREDENTIALS_NAME.equals(fileName)) {
            return Optional.of(credentials());
        }
        if (!MacAddress.isValid(mac) || !MacAddress.isValid(fileName)
                || !MacAddress.parse(mac).equals(MacAddress.parse(fileName))) {
            return Optional.empty();
        }
        return Optional.of(DeviceFile.of(Dialect.MAXWELL_11, DEVICE, (device, content, firmware) -> Optional.of(
                XmlFile.of(w -> {
                    start(w, device);
                    XmlFile.param(w, SETTINGS_VERSION, device.version());
                    Map<String, String> values = parameters.values(content.parameters().stream()
                            .filter(p -> (p.secret() || parameters.templated(p))
                                    && !CREDENTIAL_PARAMETERS.contains(p.name())).toList(), device);
                    values.putAll(parameters.values(content.overridesOf(device.mac()).stream()
                            .filter(p -> !CREDENTIAL_PARAMETERS.contains(p.name())).toList(), device));
                    writeParameters(w, values);
                    XmlFile.newline(w);
                    w.writeEndElement();
                }))));
    }

    /** The credentials the device gets (the release's, its overrides first), then on to its last file. */
    private DeviceFile credentials() {
        return DeviceFile.of(Dialect.MAXWELL_11, CREDENTIALS, (device, content, firmware) ->
                credentials(device, content).map(values -> XmlFile.of(w -> {
                    start(w, device);
                    writeParameters(w, values);
                    redirect(w, deviceUrl(device));
                    w.writeEndElement();
                })));
    }

    /** The HTTP Digest credentials the device gets, in release order; empty when it gets none. */
    private Optional<Map<String, String>> credentials(DeviceRelease device, ProfileContent content) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.merged(content, device).forEach((name, value) -> {
            if (CREDENTIAL_PARAMETERS.contains(name)) {
                values.put(name, value);
            }
        });
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }

    private String credentialsUrl(DeviceRelease device) {
        return urls.base(device.mac()) + "/" + CREDENTIALS;
    }

    private String deviceUrl(DeviceRelease device) {
        return urls.base(device.mac()) + "/" + MAC_MARKER + ".xml";
    }

    private static void redirect(XMLStreamWriter writer, String url) throws XMLStreamException {
        XmlFile.newline(writer);
        writer.writeEmptyElement("step");
        writer.writeAttribute("type", "Redirect");
        writer.writeAttribute("url", url);
        XmlFile.newline(writer);
    }

    private static void start(XMLStreamWriter writer, DeviceRelease device) throws XMLStreamException {
        writer.writeStartElement("provisioning");
        writer.writeAttribute("version", FORMAT_VERSION);
        writer.writeAttribute("productID", device.model());
    }

    private static void writeParameters(XMLStreamWriter writer, Map<String, String> values) throws XMLStreamException {
        for (Map.Entry<String, String> parameter : values.entrySet()) {
            XmlFile.param(writer, parameter.getKey(), parameter.getValue());
        }
    }
}
