package org.telprov.provisioning.file;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.profile.Dialect;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Gigaset Maxwell 1.1 files ({@code maxwell-1.1}, "multiple provisioning files"): {@code provisioning.xml}
 * carries the release's general parameters (the HTTP Digest credentials included: this file is the first stage of a
 * credential change) and a {@code Redirect} step to {@code <base>/%MACD.xml}, which the phone expands with its own MAC;
 * that second file carries the UVC as {@code System.Provision.SettingsVersion} and the device's overrides.
 */
@ApplicationScoped
public class Maxwell11Files {

    public static final String PROVISIONING = "provisioning.xml";
    /** The second file's name for check-ins and the guard; its URL is the MAC, e.g. {@code 901B0E56C7BC.xml}. */
    public static final String DEVICE = "device.xml";
    /** What the phone replaces with its MAC in the Redirect step's URL. */
    public static final String MAC_MARKER = "%MACD";
    public static final String SETTINGS_VERSION = "System.Provision.SettingsVersion";

    private static final String FORMAT_VERSION = "1.1";

    private final DeviceFiles files;
    private final DeviceParameters parameters;

    public Maxwell11Files(DeviceFiles files, DeviceParameters parameters) {
        this.files = files;
        this.parameters = parameters;
    }

    /** The first file, also the directory's. */
    public DeviceFile provisioning() {
        return DeviceFile.of(Dialect.MAXWELL_11, PROVISIONING, (device, content, firmware) -> Optional.of(
                XmlFile.of(w -> {
                    start(w, device);
                    writeParameters(w, parameters.values(content.parameters()));
                    XmlFile.newline(w);
                    w.writeEmptyElement("step");
                    w.writeAttribute("type", "Redirect");
                    w.writeAttribute("url", files.base(device.mac()) + "/" + MAC_MARKER + ".xml");
                    XmlFile.newline(w);
                    w.writeEndElement();
                })));
    }

    /**
     * The second file, at {@code <fileMac>.xml}: only under the device's own MAC (any accepted form), else empty.
     */
    public Optional<DeviceFile> device(String mac, String fileMac) {
        if (!MacAddress.isValid(mac) || !MacAddress.isValid(fileMac)
                || !MacAddress.parse(mac).equals(MacAddress.parse(fileMac))) {
            return Optional.empty();
        }
        return Optional.of(DeviceFile.of(Dialect.MAXWELL_11, DEVICE, (device, content, firmware) -> Optional.of(
                XmlFile.of(w -> {
                    start(w, device);
                    XmlFile.param(w, SETTINGS_VERSION, device.uvc());
                    writeParameters(w, parameters.values(content.overridesOf(device.mac())));
                    XmlFile.newline(w);
                    w.writeEndElement();
                }))));
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
