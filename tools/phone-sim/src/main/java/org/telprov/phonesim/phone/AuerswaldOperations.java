package org.telprov.phonesim.phone;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an Auerswald phone does with an operations-type file (firmware 1.6 and later), as far as a simulator can: it
 * checks each {@code delete}, {@code replace} and {@code add} as the vendor document describes them (an XPath
 * {@code path} to an element sub-tree, never an attribute; XML to put there for replace and add, none for delete) and
 * applies them to the settings it holds, seen as a tree (dotted names as nested elements below the sections, the
 * platform's settings-patch mapping). Section by section, as the phone checks each section after all operations: a
 * section any of whose operations names nothing, or something that is not an element, keeps its settings and loses
 * all its operations.
 */
final class AuerswaldOperations {

    /** One operation as the file has it; {@code xml} is empty for a delete. */
    record Operation(String op, String path, List<XmlElement> xml) {
    }

    /**
     * What applying changed: the settings set (new or other values) and removed, how many operations took effect and
     * why the others were discarded, by section.
     */
    record Outcome(int applied, Map<String, String> discarded, Map<String, String> set, Set<String> removed) {
    }

    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern SECTION = Pattern.compile("/([A-Za-z_][A-Za-z0-9_.-]*).*", Pattern.DOTALL);
    private static final String ROOT = "configuration";

    private AuerswaldOperations() {
    }

    /** The file's operations, or {@link IllegalArgumentException} saying what the phone would refuse. */
    static List<Operation> read(XmlElement root) {
        List<Operation> operations = new ArrayList<>();
        for (XmlElement element : root.children()) {
            String op = element.name();
            if (!op.equals("delete") && !op.equals("replace") && !op.equals("add")) {
                throw new IllegalArgumentException("unknown operation <" + op + ">");
            }
            String path = element.attr("path").orElse("");
            if (path.isBlank()) {
                throw new IllegalArgumentException("<" + op + "> without a path");
            }
            compile(path);
            if (!targetsElements(path)) {
                throw new IllegalArgumentException(path + " points to an attribute or text, not a sub-tree");
            }
            if (op.equals("delete") != element.children().isEmpty()) {
                throw new IllegalArgumentException(op.equals("delete") ? "<delete> carries elements"
                        : "<" + op + "> carries no elements");
            }
            operations.add(new Operation(op, path, element.children()));
        }
        return operations;
    }

    /** Applies the operations to the settings, section by section; the settings themselves are left as they are. */
    static Outcome apply(List<Operation> operations, Map<String, String> settings) {
        Document held = tree(settings);
        Map<String, String> before = flatten(held);
        Map<String, List<Operation>> bySection = new LinkedHashMap<>();
        for (Operation operation : operations) {
            var section = SECTION.matcher(operation.path());
            bySection.computeIfAbsent(section.matches() ? section.group(1) : "*", s -> new ArrayList<>())
                    .add(operation);
        }
        int applied = 0;
        Map<String, String> discarded = new LinkedHashMap<>();
        for (Map.Entry<String, List<Operation>> section : bySection.entrySet()) {
            Document attempt = (Document) held.cloneNode(true);
            try {
                for (Operation operation : section.getValue()) {
                    apply(attempt, operation);
                }
                held = attempt;
                applied += section.getValue().size();
            } catch (IllegalStateException e) {
                discarded.put(section.getKey(), e.getMessage());
            }
        }
        Map<String, String> after = flatten(held);
        Map<String, String> set = new LinkedHashMap<>();
        after.forEach((name, value) -> {
            String previous = settings.get(name);
            if (previous == null || !previous.trim().equals(value)) {
                set.put(name, value);
            }
        });
        Set<String> removed = new HashSet<>(before.keySet());
        removed.removeAll(after.keySet());
        return new Outcome(applied, discarded, set, removed);
    }

    private static void apply(Document document, Operation operation) {
        NodeList nodes;
        try {
            nodes = (NodeList) compile(operation.path()).evaluate("/" + ROOT + trimmed(operation.path()), document,
                    XPathConstants.NODESET);
        } catch (XPathExpressionException | IllegalArgumentException e) {
            throw new IllegalStateException(operation.path() + " cannot be evaluated");
        }
        if (nodes.getLength() == 0) {
            throw new IllegalStateException(operation.path() + " names nothing");
        }
        List<Element> targets = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (!(nodes.item(i) instanceof Element target) || target == document.getDocumentElement()) {
                throw new IllegalStateException(operation.path() + " names something that is not a sub-tree");
            }
            targets.add(target);
        }
        for (Element target : targets) {
            switch (operation.op()) {
                case "delete" -> target.getParentNode().removeChild(target);
                case "replace" -> {
                    for (XmlElement element : operation.xml()) {
                        target.getParentNode().insertBefore(element(document, element), target);
                    }
                    target.getParentNode().removeChild(target);
                }
                default -> operation.xml().forEach(element -> target.appendChild(element(document, element)));
            }
        }
    }

    /** The path as XPath evaluates it: the document's {@code add} example ends in a {@code /}, which XPath does not. */
    private static String trimmed(String path) {
        return path.endsWith("/") && !path.endsWith("//") ? path.substring(0, path.length() - 1) : path;
    }

    private static XPath compile(String path) {
        try {
            XPathFactory factory = XPathFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            XPath xpath = factory.newXPath();
            xpath.compile(trimmed(path));
            return xpath;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(path + " is not an XPath");
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the last step, outside predicates, names elements. */
    private static boolean targetsElements(String path) {
        StringBuilder outside = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (char c : trimmed(path).toCharArray()) {
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0) {
                outside.append(c);
            }
        }
        String last = outside.substring(outside.lastIndexOf("/") + 1);
        return !last.startsWith("@") && !last.contains("::") && !last.contains("(") && !last.equals(".")
                && !last.equals("..");
    }

    /** The settings whose dotted names are XML element paths, as a tree below {@code <configuration>}. */
    private static Document tree(Map<String, String> settings) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            document = factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root = document.createElement(ROOT);
        document.appendChild(root);
        settings.forEach((name, value) -> {
            String[] path = name.split("\\.");
            if (path.length < 2 || !Arrays.stream(path).allMatch(s -> XML_NAME.matcher(s).matches())) {
                return;
            }
            Element node = root;
            for (String segment : path) {
                Element child = child(node, segment);
                if (child == null) {
                    if (!node.getTextContent().isEmpty() && node != root && !hasElements(node)) {
                        return; // a value here already: another setting's name is this one's section
                    }
                    child = document.createElement(segment);
                    node.appendChild(child);
                }
                node = child;
            }
            if (!hasElements(node)) {
                node.setTextContent(value);
            }
        });
        return document;
    }

    /** Leaves without attributes by dotted path, and elements with {@code name} and {@code value} attributes. */
    private static Map<String, String> flatten(Document document) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Node section = document.getDocumentElement().getFirstChild(); section != null;
             section = section.getNextSibling()) {
            if (section instanceof Element element) {
                flatten(element, element.getTagName(), settings);
            }
        }
        return settings;
    }

    private static void flatten(Element element, String path, Map<String, String> settings) {
        if (element.hasAttribute("name") && element.hasAttribute("value")) {
            settings.put(element.getAttribute("name"), element.getAttribute("value"));
        }
        if (!hasElements(element)) {
            String text = element.getTextContent().trim();
            if (!element.hasAttributes() && !text.isEmpty()) {
                settings.put(path, text);
            }
            return;
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element next) {
                flatten(next, path + "." + next.getTagName(), settings);
            }
        }
    }

    private static Element element(Document document, XmlElement element) {
        Element created = document.createElement(element.name());
        element.attributes().forEach(created::setAttribute);
        if (element.children().isEmpty()) {
            created.setTextContent(element.text());
        }
        element.children().forEach(child -> created.appendChild(element(document, child)));
        return created;
    }

    private static Element child(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static boolean hasElements(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }
}
