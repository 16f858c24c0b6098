package org.telprov.phonesim.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed XML element: local name, attributes by local name, child elements and its own text. */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text) {

    public Optional<String> attr(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    public List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** This element and every element below it, in document order. */
    public List<XmlElement> descendants() {
        List<XmlElement> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(XmlElement element, List<XmlElement> out) {
        out.add(element);
        element.children.forEach(child -> collect(child, out));
    }
}
