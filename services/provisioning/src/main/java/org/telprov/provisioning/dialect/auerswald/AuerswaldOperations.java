package org.telprov.provisioning.dialect.auerswald;

import org.telprov.provisioning.profile.DialectRules;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileRequest;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operations type of the Auerswald document (firmware 1.6 and later): checks a profile's operations on save and
 * reads a stored fragment back as elements for {@link AuerswaldFiles} to write. A path names element sub-trees (the
 * document: "must point to an existing sub-tree", never an attribute), a fragment is plain XML elements: read with
 * DTDs and external entities off, and wrapped in an element of ours, so a DOCTYPE cannot even be well-formed in it.
 */
final class AuerswaldOperations {

    static final String DELETE = "delete";
    static final String REPLACE = "replace";
    static final String ADD = "add";

    /** Deeper than any settings section; also bounds the writer's recursion. */
    static final int MAX_DEPTH = 32;

    /** An element step: a name without prefix (Auerswald settings have no namespaces) or {@code *}. */
    private static final Pattern NAME_TEST = Pattern.compile("\\*|[A-Za-z_][A-Za-z0-9_.-]*");
    private static final String WRAPPER = "operation";

    /** An element of a fragment: attributes in the order given, then its text (a leaf) or its child elements. */
    record Element(String name, Map<String, String> attributes, String text, List<Element> children) {
    }

    private AuerswaldOperations() {
    }

    /** The operations as stored, or the first refusal, naming its field ({@code operations[i].path} and the like). */
    static List<ProfileContent.Operation> check(List<ProfileRequest.OperationRequest> given) {
        if (given == null) {
            return List.of();
        }
        List<ProfileContent.Operation> operations = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            ProfileRequest.OperationRequest operation = given.get(i);
            String at = "operations[" + i + "]";
            path(operation.path(), at + ".path");
            boolean delete = operation.op().equals(DELETE);
            if (delete && operation.xml() != null) {
                throw DialectRules.invalid("delete carries no xml: it removes the sub-tree the path names",
                        at + ".xml");
            }
            if (!delete) {
                if (operation.xml() == null || operation.xml().isBlank()) {
                    throw DialectRules.invalid(operation.op() + " carries the xml to put at the path", at + ".xml");
                }
                fragment(operation.xml(), at + ".xml");
            }
            operations.add(new ProfileContent.Operation(operation.op(), operation.path(), operation.xml()));
        }
        return List.copyOf(operations);
    }

    /**
     * An absolute location path whose steps are element names (or {@code *}) with predicates, {@code //} allowed, a
     * final {@code /} too (the document's own {@code add} example has one); the whole compiled as XPath 1.0.
     */
    static void path(String path, String field) {
        if (!path.startsWith("/")) {
            throw DialectRules.invalid("an absolute XPath, starting with / (the settings section)", field);
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw DialectRules.invalid("no control characters", field);
        }
        List<String> steps = steps(path, field);
        int end = steps.size();
        if (steps.get(end - 1).isEmpty()) {
            if (end < 3 || steps.get(end - 2).isEmpty()) {
                throw DialectRules.invalid("a path ends with an element name (or that name and one /)", field);
            }
            end--; // the final "/"
        }
        for (int i = 1; i < end; i++) {
            if (steps.get(i).isEmpty()) {
                // "//": any depth below; "///" is nothing
                if (steps.get(i + 1).isEmpty()) {
                    throw DialectRules.invalid("no /// in a path", field);
                }
                continue;
            }
            step(steps.get(i), field);
        }
        String compiled = end < steps.size() ? path.substring(0, path.length() - 1) : path;
        try {
            XPathFactory factory = XPathFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.newXPath().compile(compiled);
        } catch (XPathExpressionException e) {
            throw DialectRules.invalid("not an XPath: " + reason(e), field);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("the JDK's XPath supports secure processing", e);
        }
    }

    /** The path split at each {@code /} outside predicates and quotes; the first part is empty. */
    private static List<String> steps(String path, String field) {
        List<String> steps = new ArrayList<>();
        StringBuilder step = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                if (--depth < 0) {
                    throw DialectRules.invalid("a ] without its [", field);
                }
            } else if (c == '$') {
                throw DialectRules.invalid("no variables: the phone has none to give", field);
            } else if (c == '/' && depth == 0) {
                steps.add(step.toString());
                step.setLength(0);
                continue;
            }
            step.append(c);
        }
        if (quote != 0 || depth != 0) {
            throw DialectRules.invalid("an unclosed " + (quote != 0 ? "quote" : "["), field);
        }
        steps.add(step.toString());
        return steps;
    }

    /** One step: a name test, then only predicates. */
    private static void step(String step, String field) {
        int bracket = step.indexOf('[');
        String name = bracket < 0 ? step : step.substring(0, bracket);
        if (name.startsWith("@") || name.startsWith("attribute::")) {
            throw DialectRules.invalid("a path names an element sub-tree, never an attribute: replace or add the "
                    + "element that carries it", field);
        }
        if (!NAME_TEST.matcher(name).matches()) {
            throw DialectRules.invalid("each step of a path is an element name (letters, digits, '_', '-', '.') or *, "
                    + "with optional [predicates]; no axes, text(), node(), . or .. (" + name + ")", field);
        }
        // what follows the name must be predicates only: "a[1]b" is not a step
        int depth = 0;
        char quote = 0;
        for (int i = name.length(); i < step.length(); i++) {
            char c = step.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0) {
                throw DialectRules.invalid("after an element name only [predicates] may follow (" + step + ")", field);
            }
        }
    }

    /**
     * The fragment's elements, refused when it is not well-formed, has a DOCTYPE or entity references, namespaces,
     * processing instructions, text outside or beside elements, characters a parser would not give back, or nests
     * deeper than {@link #MAX_DEPTH}. Comments are dropped.
     */
    static List<Element> fragment(String xml, String field) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        List<Element> top = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(
                    new StringReader("<" + WRAPPER + ">" + xml + "</" + WRAPPER + ">"));
            try {
                reader.next(); // our wrapper
                while (reader.hasNext()) {
                    switch (reader.next()) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            if (open.size() >= MAX_DEPTH) {
                                throw DialectRules.invalid("nested deeper than " + MAX_DEPTH + " elements", field);
                            }
                            open.push(start(reader, field));
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            String text = reader.getText();
                            if (open.isEmpty()) {
                                if (!text.isBlank()) {
                                    throw DialectRules.invalid("only elements: no text outside them", field);
                                }
                            } else {
                                text(text, field);
                                open.peek().text.append(text);
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> {
                            if (open.isEmpty()) {
                                continue; // our wrapper
                            }
                            Element done = open.pop().element(field);
                            (open.isEmpty() ? top : open.peek().children).add(done);
                        }
                        case XMLStreamConstants.COMMENT, XMLStreamConstants.END_DOCUMENT -> {
                            // a comment tells the phone nothing: not written
                        }
                        case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                                throw DialectRules.invalid("no processing instructions", field);
                        case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                             XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                                throw DialectRules.invalid("no DOCTYPE and no entities other than XML's own "
                                        + "(&lt; &gt; &amp; &quot; &apos; and character references)", field);
                        default -> throw DialectRules.invalid("only elements, attributes and text", field);
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw DialectRules.invalid("not well-formed XML: " + reason(e), field);
        }
        if (top.isEmpty()) {
            throw DialectRules.invalid("at least one element", field);
        }
        return top;
    }

    private static Open start(XMLStreamReader reader, String field) {
        if (present(reader.getNamespaceURI()) || present(reader.getPrefix()) || reader.getNamespaceCount() > 0) {
            throw DialectRules.invalid("no namespaces: Auerswald settings have none", field);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (present(reader.getAttributeNamespace(i)) || present(reader.getAttributePrefix(i))) {
                throw DialectRules.invalid("no namespaces: Auerswald settings have none", field);
            }
            String value = reader.getAttributeValue(i);
            // a parser reads a line break or tab in an attribute back as a space: refused rather than changed
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw DialectRules.invalid("no control characters (line breaks, tabs) in attribute values", field);
            }
            attributes.put(reader.getAttributeLocalName(i), value);
        }
        return new Open(reader.getLocalName(), attributes);
    }

    /** Text a writer and a parser hand back unchanged: no control characters but line feeds and tabs. */
    private static void text(String text, String field) {
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f)) {
            throw DialectRules.invalid("no control characters in text but line feeds and tabs", field);
        }
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // the JDK's messages name a position in our wrapped copy and run on over lines
        message = message.replaceAll("\\s+", " ")
                .replaceFirst("^([a-z]+\\.)+[A-Za-z]*Exception: ", "")
                .replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\] Message: ", "");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static final class Open {
        private final String name;
        private final Map<String, String> attributes;
        private final StringBuilder text = new StringBuilder();
        private final List<Element> children = new ArrayList<>();

        private Open(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        /** A leaf keeps its text as given; an element with children may only have whitespace beside them. */
        private Element element(String field) {
            if (children.isEmpty()) {
                return new Element(name, Collections.unmodifiableMap(attributes), text.toString(), List.of());
            }
            if (!text.toString().isBlank()) {
                throw DialectRules.invalid("<" + name + "> mixes text and elements: settings are one or the other",
                        field);
            }
            return new Element(name, Collections.unmodifiableMap(attributes), "", List.copyOf(children));
        }
    }
}
