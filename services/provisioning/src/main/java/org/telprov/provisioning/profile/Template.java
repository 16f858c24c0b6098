package org.telprov.provisioning.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A profile parameter value that refers to a device's settings and facts: text with references in double braces,
 * {@code sip:{{setting.sip_user}}@{{setting.sip_domain|pbx.example.com}}}. Logic-free by construction: a reference
 * names one value and may give a default after {@code |}; there are no conditions, loops, filters or calls, and what a
 * reference yields is inserted as text (the dialect's renderer escapes it like any other value).
 *
 * <p>References: {@code setting.<name>} (the device's settings through their layers), {@code device.mac} (12 lower-case
 * hex digits), {@code device.serial}, {@code device.model}, {@code device.vendor} and {@code tenant.id}. A {@code {{}
 * always opens a reference, so a value cannot carry a literal {@code {{} (profiles are checked on save).
 */
public final class Template {

    /** Where a reference's value comes from. */
    public enum Source { SETTING, DEVICE, TENANT }

    /** The device facts a template may name. */
    public static final Set<String> DEVICE_FACTS = Set.of("mac", "serial", "model", "vendor");
    /** The tenant facts a template may name. */
    public static final Set<String> TENANT_FACTS = Set.of("id");

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final Pattern REFERENCE = Pattern.compile(
            "\\s*(setting|device|tenant)\\.(" + Setting.NAME + ")\\s*(?:\\|(.*))?", Pattern.DOTALL);

    /** A piece of a template: literal text, or a reference. */
    public sealed interface Part permits Text, Reference {
    }

    /** Literal text, copied as it is. */
    public record Text(String text) implements Part {
    }

    /**
     * A reference to one value.
     *
     * @param fallback the default when the value is missing, {@code null} for none
     */
    public record Reference(Source source, String name, String fallback) implements Part {

        /** As written between the braces, without the default: {@code setting.sip_user}. */
        public String key() {
            return source.name().toLowerCase(java.util.Locale.ROOT) + "." + name;
        }
    }

    /** Why a value is not a valid template, with the character offset where it went wrong. */
    public static final class SyntaxException extends IllegalArgumentException {
        private final int offset;

        SyntaxException(String message, int offset) {
            super(message + " (at character " + (offset + 1) + ")");
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Whether the value holds a reference at all (else it is plain text and {@link #parse} is not needed). */
    public static boolean isTemplate(String value) {
        return value != null && value.contains(OPEN);
    }

    /**
     * The template the value is, checked strictly (for a value being saved).
     *
     * @throws SyntaxException for a reference that is not closed, names an unknown source or fact, or is empty
     */
    public static Template parse(String value) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < value.length()) {
            int open = value.indexOf(OPEN, at);
            if (open < 0) {
                parts.add(new Text(value.substring(at)));
                break;
            }
            if (open > at) {
                parts.add(new Text(value.substring(at, open)));
            }
            int close = value.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new SyntaxException("'{{' without its '}}'", open);
            }
            parts.add(reference(value.substring(open + OPEN.length(), close), open));
            at = close + CLOSE.length();
        }
        return new Template(parts);
    }

    /**
     * The template a stored value is, leniently: empty for a value without references, and for one stored before
     * templates existed that does not parse (it stays the literal text it always was).
     */
    public static Optional<Template> lenient(String value) {
        if (!isTemplate(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(value));
        } catch (SyntaxException e) {
            return Optional.empty();
        }
    }

    private static Reference reference(String inside, int offset) {
        Matcher matcher = REFERENCE.matcher(inside);
        if (!matcher.matches()) {
            throw new SyntaxException("a reference is {{setting.<name>}}, {{device.mac|serial|model|vendor}} or "
                    + "{{tenant.id}}, optionally with a default after '|'", offset);
        }
        Source source = Source.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT));
        String name = matcher.group(2);
        if (source == Source.DEVICE && !DEVICE_FACTS.contains(name)
                || source == Source.TENANT && !TENANT_FACTS.contains(name)) {
            throw new SyntaxException("unknown fact '" + matcher.group(1) + "." + name + "'", offset);
        }
        String fallback = matcher.group(3);
        if (fallback != null && fallback.contains(OPEN)) {
            throw new SyntaxException("a default cannot hold a reference", offset);
        }
        return new Reference(source, name, fallback == null ? null : fallback.strip());
    }

    public List<Part> parts() {
        return parts;
    }

    /** The references in order of appearance. */
    public List<Reference> references() {
        return parts.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }

    /** The setting names the template refers to, in order of appearance, each once. */
    public Set<String> settings() {
        Set<String> names = new LinkedHashSet<>();
        for (Reference reference : references()) {
            if (reference.source() == Source.SETTING) {
                names.add(reference.name());
            }
        }
        return names;
    }

    /**
     * The text with every reference replaced by its value, or by its default when {@code values} has none
     * ({@code null}); {@code null} when a reference has neither.
     */
    public String render(Function<Reference, String> values) {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text literal) {
                text.append(literal.text());
            } else {
                Reference reference = (Reference) part;
                String value = values.apply(reference);
                if (value == null) {
                    value = reference.fallback();
                }
                if (value == null) {
                    return null;
                }
                text.append(value);
            }
        }
        return text.toString();
    }
}
