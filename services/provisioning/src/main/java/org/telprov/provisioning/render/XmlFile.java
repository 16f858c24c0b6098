package org.telprov.provisioning.render;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;

/** Writes the XML device files of every dialect with a StAX writer, so every value is escaped. */
public final class XmlFile {

    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();

    private XmlFile() {
    }

    /** Writes the document's root element and what is inside it. */
    public interface Body {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    /** A UTF-8 document: the declaration, a line break, the body and a final line break. */
    public static RenderedFile of(Body body) {
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

    /** Text as the writer escapes it in an attribute value. */
    public static String attributeText(String value) {
        return escape(value, true);
    }

    /** Text as the writer escapes it in element content. */
    public static String elementText(String value) {
        return escape(value, false);
    }

    private static String escape(String value, boolean attribute) {
        StringBuilder text = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String entity = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> attribute ? "&quot;" : null;
                default -> null;
            };
            if (entity != null && text == null) {
                text = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (text != null) {
                if (entity != null) {
                    text.append(entity);
                } else {
                    text.append(c);
                }
            }
        }
        return text == null ? value : text.toString();
    }

    public static void newline(XMLStreamWriter writer) throws XMLStreamException {
        writer.writeCharacters("\n");
    }

    /** A Gigaset {@code <param name value/>} line, on its own line. */
    public static void param(XMLStreamWriter writer, String name, String value) throws XMLStreamException {
        newline(writer);
        writer.writeEmptyElement("param");
        writer.writeAttribute("name", name);
        writer.writeAttribute("value", value);
    }
}
