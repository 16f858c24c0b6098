package org.telprov.phonesim.phone;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the small XML files phones get, with DTDs and external entities disabled (StAX). */
final class Xml {

    /**
     * The JDK's factory is not documented as thread-safe, and a shared one behind a lock held up a storm's threads; one
     * per thread may also hand out its last reader again (see {@link #REUSE}).
     */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(Xml::factory);

    /**
     * The JDK's StAX property that lets a factory reset and reuse its last reader once that one is closed: setting up
     * a reader cost about as much as parsing a 4 KB settings file.
     */
    private static final String REUSE = "reuse-instance";

    private Xml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        if (factory.isPropertySupported(REUSE)) {
            factory.setProperty(REUSE, true);
        }
        return factory;
    }

    /** The document's root element; {@link XMLStreamException} when the bytes are not well-formed XML. */
    static XmlElement parse(byte[] bytes) throws XMLStreamException {
        XMLStreamReader reader = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(bytes));
        try {
            Deque<Builder> open = new ArrayDeque<>();
            XmlElement root = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Map<String, String> attributes = new LinkedHashMap<>();
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                        }
                        open.push(new Builder(reader.getLocalName(), attributes));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!open.isEmpty()) {
                            open.peek().text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElement done = open.pop().build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().children.add(done);
                        }
                    }
                    default -> {
                        // comments, processing instructions, whitespace outside the root
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("no root element");
            }
            return root;
        } finally {
            reader.close();
        }
    }

    private static final class Builder {
        private final String name;
        private final Map<String, String> attributes;
        private final List<XmlElement> children = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        private Builder(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        private XmlElement build() {
            return new XmlElement(name, Map.copyOf(attributes), List.copyOf(children), text.toString());
        }
    }
}
