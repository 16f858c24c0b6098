package org.telprov.provisioning.profile;

import org.telprov.support.problem.ProblemException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a profile of each dialect may hold, checked when it is saved, so that a release never freezes something its
 * files cannot say (docs/device-files.md lists the rules). Formats are {@code validation_failed}; content a dialect has
 * no file for (certificates, firmware, references) is {@code unsupported_in_dialect}.
 */
final class DialectRules {

    /** Maxwell 1.1's device file sets it to the release's UVC. */
    static final String SETTINGS_VERSION = "System.Provision.SettingsVersion";

    /** Dotted XML names: a section, then at least one element inside it. */
    private static final Pattern AUERSWALD_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)+");

    /** The markers the Auerswald phone replaces in URLs, with a sample value each to check the URL's syntax. */
    private static final Map<String, String> MARKERS = Map.of("<MACADR>", "0123456789AB", "{mac}", "0123456789AB",
            "<SERIAL>", "123412341234", "{serial}", "123412341234", "<HWTYP>", "D100", "{type}", "D100");

    private DialectRules() {
    }

    /** Refuses certificates, firmware and references the dialect has no file for. */
    static void contentKinds(Dialect dialect, ProfileRequest request) {
        if (!dialect.carriesCertificates() && request.certificates() != null && !request.certificates().isEmpty()) {
            throw unsupported(dialect, "certificates", "certificates");
        }
        if (!dialect.carriesFirmware() && request.firmware() != null) {
            throw unsupported(dialect, "a firmware reference", "firmware");
        }
        if (!dialect.carriesReferences() && request.references() != null && !request.references().isEmpty()) {
            throw unsupported(dialect, "references", "references");
        }
    }

    /** Refuses a parameter name the dialect cannot write. */
    static void name(Dialect dialect, String name, String field) {
        switch (dialect) {
            case MAXWELL_11 -> {
                if (name.equals(SETTINGS_VERSION)) {
                    throw invalid(SETTINGS_VERSION + " is set to the release's UVC by the service", field);
                }
            }
            case AUERSWALD -> {
                if (!AUERSWALD_NAME.matcher(name).matches()) {
                    throw invalid("auerswald names are a section and the elements inside it, dot-separated XML names "
                            + "(letters, digits, '_' and '-', not starting with a digit), e.g. sip.account.displayName",
                            field);
                }
                for (String segment : name.split("\\.")) {
                    if (segment.toLowerCase(Locale.ROOT).startsWith("xml")) {
                        throw invalid("XML reserves names starting with 'xml'", field);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Whether {@link #value} can refuse anything in the dialect (a kept secret is opened only then). */
    static boolean restrictsValues(Dialect dialect) {
        return dialect == Dialect.PLUG_N_DIAL;
    }

    /** Refuses a (plain, opened) value the dialect cannot write. */
    static void value(Dialect dialect, String value, String field) {
        if (dialect == Dialect.PLUG_N_DIAL && value.indexOf('"') >= 0) {
            throw invalid("a plug-n-dial value is written as key=\"value\" and cannot contain '\"'", field);
        }
    }

    /**
     * Auerswald writes dotted names as nested elements: no name may also be a section of another (it would need both a
     * value and children), in the profile's parameters or in what a device gets with its overrides.
     */
    static void tree(Dialect dialect, List<ProfileContent.Parameter> parameters,
                     Map<String, List<ProfileContent.Parameter>> overrides) {
        if (dialect != Dialect.AUERSWALD) {
            return;
        }
        prefixFree(parameters, List.of(), "parameters");
        overrides.forEach((mac, own) -> prefixFree(parameters, own, "overrides." + mac));
    }

    private static void prefixFree(List<ProfileContent.Parameter> parameters, List<ProfileContent.Parameter> own,
                                   String field) {
        Set<String> names = new HashSet<>();
        parameters.forEach(p -> names.add(p.name()));
        own.forEach(p -> names.add(p.name()));
        for (String name : names) {
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                String section = name.substring(0, dot);
                if (names.contains(section)) {
                    throw invalid(section + " has a value and is also the section of " + name, field);
                }
            }
        }
    }

    /**
     * The Auerswald reference URLs as given, once each is a relative, absolute-path or absolute http(s) URL without
     * credentials, whitespace or control characters, with {@code <>{}} only in the phone's markers.
     */
    static List<String> references(List<String> given) {
        if (given == null) {
            return List.of();
        }
        for (int i = 0; i < given.size(); i++) {
            reference(given.get(i), "references[" + i + "]");
        }
        return List.copyOf(given);
    }

    private static void reference(String reference, String field) {
        if (reference.isEmpty() || reference.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw invalid("a URL in printable ASCII without spaces (percent-encode anything else)", field);
        }
        String sample = reference;
        for (Map.Entry<String, String> marker : MARKERS.entrySet()) {
            sample = sample.replace(marker.getKey(), marker.getValue());
        }
        if (sample.chars().anyMatch(c -> c == '<' || c == '>' || c == '{' || c == '}')) {
            throw invalid("'<', '>', '{' and '}' only in the markers <MACADR>, {mac}, <SERIAL>, {serial}, <HWTYP>, "
                    + "{type}", field);
        }
        URI uri;
        try {
            uri = new URI(sample);
        } catch (URISyntaxException e) {
            throw invalid("not a URL: " + e.getReason(), field);
        }
        if (uri.getScheme() != null) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalid("only http and https URLs (or relative ones)", field);
            }
            if (uri.getHost() == null) {
                throw invalid("an absolute URL needs a host", field);
            }
            if (uri.getRawUserInfo() != null) {
                throw invalid("no credentials in URLs", field);
            }
            return;
        }
        if (uri.getRawAuthority() != null) {
            throw invalid("a URL starting with // names a host: write it with http:// or https://", field);
        }
        // Resolved against the reference file's own URL: a reference to that file would have the phone load it forever.
        String path = URI.create("http://h/d/references.xml").resolve(uri).getPath();
        if (path.equals("/d/references.xml") || path.equals("/d/")) {
            throw invalid("refers back to the reference file itself", field);
        }
    }

    private static ProblemException invalid(String detail, String field) {
        return ProblemException.badRequest("validation_failed", detail, field);
    }

    private static ProblemException unsupported(Dialect dialect, String what, String field) {
        return ProblemException.badRequest("unsupported_in_dialect", dialect + " files cannot carry " + what, field);
    }
}
