package org.telprov.provisioning.dialect.auerswald;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceParameters;
import org.telprov.provisioning.render.XmlFile;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the Auerswald COMfortel files ({@code auerswald}): {@code references.xml}, a reference-type file listing the
 * settings patch and the operations file (relative, so they resolve next to the reference file) and the profile's
 * extra references; {@code settings.xml}, a settings-patch file; {@code operations.xml}, an operations-type file.
 * Auerswald publishes no schema we can follow, so the patch is our mapping (docs/device-files.md): a
 * {@code <configuration>} root; each parameter's dotted name a path of nested elements, its first segment a settings
 * section marked {@code patch="true"}, its value the innermost element's text.
 */
@ApplicationScoped
public class AuerswaldFiles {

    public static final String REFERENCES = "references.xml";
    public static final String SETTINGS = "settings.xml";
    public static final String OPERATIONS = "operations.xml";

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String INDENT = "  ";

    private final DeviceParameters parameters;

    public AuerswaldFiles(DeviceParameters parameters) {
        this.parameters = parameters;
    }

    /** The reference file, also the directory's. */
    public DeviceFile references() {
        return DeviceFile.of(Dialect.AUERSWALD, REFERENCES, (device, content, firmware) -> Optional.of(
                XmlFile.of(w -> {
                    w.writeStartElement("referencedSettings");
                    w.writeNamespace("xsi", XSI);
                    w.writeAttribute("xsi", XSI, "noNamespaceSchemaLocation", "provisioning_references.xsd");
                    // An empty patch could read as "no settings at all": a device without parameters gets none.
                    if (hasSettings(device, content)) {
                        url(w, SETTINGS);
                    }
                    // after the patch: the phone loads the files in this order, and operations change what is there
                    if (!content.operations().isEmpty()) {
                        url(w, OPERATIONS);
                    }
                    for (String reference : content.references()) {
                        url(w, reference);
                    }
                    XmlFile.newline(w);
                    w.writeEndElement();
                })));
    }

    /** The settings patch: the release's parameters, the device's overrides replacing or adding to them. */
    public DeviceFile settings() {
        return DeviceFile.of(Dialect.AUERSWALD, SETTINGS, (device, content, firmware) -> {
            if (!hasSettings(device, content)) {
                return Optional.empty();
            }
            Map<String, Object> tree = tree(parameters.merged(content, device));
            return Optional.of(XmlFile.of(w -> {
                w.writeStartElement("configuration");
                for (Map.Entry<String, Object> section : tree.entrySet()) {
                    element(w, section.getKey(), section.getValue(), 1, true);
                }
                XmlFile.newline(w);
                w.writeEndElement();
            }));
        });
    }

    /**
     * The operations file: the release's operations in order, each a {@code delete}, {@code replace} or {@code add}
     * element with its {@code path}, the elements a replace or add carries inside it. The same for every device.
     */
    public DeviceFile operations() {
        return DeviceFile.of(Dialect.AUERSWALD, OPERATIONS, (device, content, firmware) -> {
            if (content.operations().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(XmlFile.of(w -> {
                w.writeStartElement("operations");
                for (ProfileContent.Operation operation : content.operations()) {
                    XmlFile.newline(w);
                    List<AuerswaldOperations.Element> fragment = operation.xml() == null ? List.of()
                            : AuerswaldOperations.fragment(operation.xml(), "operations");
                    if (fragment.isEmpty()) {
                        w.writeEmptyElement(operation.op());
                        w.writeAttribute("path", operation.path());
                        continue;
                    }
                    w.writeStartElement(operation.op());
                    w.writeAttribute("path", operation.path());
                    for (AuerswaldOperations.Element element : fragment) {
                        fragment(w, element, 1);
                    }
                    XmlFile.newline(w);
                    w.writeEndElement();
                }
                XmlFile.newline(w);
                w.writeEndElement();
            }));
        });
    }

    /** An element of an operation, indented by its depth below the operation. */
    private static void fragment(XMLStreamWriter writer, AuerswaldOperations.Element element, int depth)
            throws XMLStreamException {
        XmlFile.newline(writer);
        writer.writeCharacters(INDENT.repeat(depth));
        if (element.children().isEmpty() && element.text().isEmpty()) {
            writer.writeEmptyElement(element.name());
            attributes(writer, element);
            return;
        }
        writer.writeStartElement(element.name());
        attributes(writer, element);
        if (element.children().isEmpty()) {
            writer.writeCharacters(element.text());
        } else {
            for (AuerswaldOperations.Element child : element.children()) {
                fragment(writer, child, depth + 1);
            }
            XmlFile.newline(writer);
            writer.writeCharacters(INDENT.repeat(depth));
        }
        writer.writeEndElement();
    }

    private static void attributes(XMLStreamWriter writer, AuerswaldOperations.Element element)
            throws XMLStreamException {
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            writer.writeAttribute(attribute.getKey(), attribute.getValue());
        }
    }

    private static boolean hasSettings(DeviceRelease device, ProfileContent content) {
        return !content.parameters().isEmpty() || !content.overridesOf(device.mac()).isEmpty();
    }

    private static void url(XMLStreamWriter writer, String url) throws XMLStreamException {
        XmlFile.newline(writer);
        writer.writeStartElement("URL");
        writer.writeCharacters(url);
        writer.writeEndElement();
    }

    /**
     * Dotted names as nested maps in first-seen order; a leaf is the value. Profiles are checked on save so that no
     * name is also another's section; should one be, the later parameter wins rather than the render failing.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Map<String, String> values) {
        Map<String, Object> root = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String[] path = name.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.get(path[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(path[i], child);
                }
                node = (Map<String, Object>) child;
            }
            node.put(path[path.length - 1], value);
        });
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void element(XMLStreamWriter writer, String name, Object node, int depth, boolean section)
            throws XMLStreamException {
        XmlFile.newline(writer);
        writer.writeCharacters(INDENT.repeat(depth - 1));
        writer.writeStartElement(name);
        if (section) {
            writer.writeAttribute("patch", "true");
        }
        if (node instanceof String value) {
            writer.writeCharacters(value);
        } else {
            for (Map.Entry<String, Object> child : ((Map<String, Object>) node).entrySet()) {
                element(writer, child.getKey(), child.getValue(), depth + 1, false);
            }
            XmlFile.newline(writer);
            writer.writeCharacters(INDENT.repeat(depth - 1));
        }
        writer.writeEndElement();
    }
}
