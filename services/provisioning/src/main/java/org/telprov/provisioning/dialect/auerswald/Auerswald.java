package org.telprov.provisioning.dialect.auerswald;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.DialectRules;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileRequest;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.CheckinFiles;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.FileNames;
import org.telprov.provisioning.render.XmlFile;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Auerswald COMfortel ({@code auerswald}): {@code references.xml} (also the directory's file), the settings patch
 * {@code settings.xml} and the operations file {@code operations.xml} ({@link AuerswaldFiles}). Parameter names are
 * dotted XML element paths; a profile may list extra reference URLs and carry operations ({@link AuerswaldOperations}).
 */
@ApplicationScoped
public class Auerswald implements DeviceDialect {

    public static final FileNames NAMES = new FileNames(List.of(AuerswaldFiles.REFERENCES),
            Set.of(AuerswaldFiles.REFERENCES), Set.of(), Set.of(AuerswaldFiles.SETTINGS, AuerswaldFiles.OPERATIONS),
            Set.of(AuerswaldFiles.SETTINGS));

    /** The settings patch confirms a release (a {@code 304} of it too: every {@code 304} is a check-in). */
    public static final CheckinFiles CHECKINS = new CheckinFiles(AuerswaldFiles.SETTINGS, null,
            Set.of(AuerswaldFiles.REFERENCES, AuerswaldFiles.OPERATIONS), Set.of(), null);

    /** Dotted XML names: a section, then at least one element inside it. */
    private static final Pattern AUERSWALD_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)+");

    /** The markers the Auerswald phone replaces in URLs, with a sample value each to check the URL's syntax. */
    private static final Map<String, String> MARKERS = Map.of("<MACADR>", "0123456789AB", "{mac}", "0123456789AB",
            "<SERIAL>", "123412341234", "{serial}", "123412341234", "<HWTYP>", "D100", "{type}", "D100");

    private final AuerswaldFiles files;

    public Auerswald(AuerswaldFiles files) {
        this.files = files;
    }

    @Override
    public Dialect dialect() {
        return Dialect.AUERSWALD;
    }

    @Override
    public FileNames names() {
        return NAMES;
    }

    @Override
    public CheckinFiles checkins() {
        return CHECKINS;
    }

    @Override
    public boolean carriesReferences() {
        return true;
    }

    @Override
    public boolean carriesOperations() {
        return true;
    }

    @Override
    public List<ProfileContent.Operation> operations(List<ProfileRequest.OperationRequest> given) {
        return AuerswaldOperations.check(given);
    }

    @Override
    public Optional<DeviceFile> file(String mac, List<String> path, Instant now) {
        if (path.isEmpty() || path.size() == 1 && path.get(0).equals(AuerswaldFiles.REFERENCES)) {
            return Optional.of(files.references());
        }
        if (path.size() == 1 && path.get(0).equals(AuerswaldFiles.SETTINGS)) {
            return Optional.of(files.settings());
        }
        if (path.size() == 1 && path.get(0).equals(AuerswaldFiles.OPERATIONS)) {
            return Optional.of(files.operations());
        }
        return Optional.empty();
    }

    @Override
    public void name(String name, String field) {
        if (!AUERSWALD_NAME.matcher(name).matches()) {
            throw DialectRules.invalid("auerswald names are a section and the elements inside it, dot-separated XML "
                    + "names (letters, digits, '_' and '-', not starting with a digit), e.g. sip.account.displayName",
                    field);
        }
        for (String segment : name.split("\\.")) {
            if (segment.toLowerCase(Locale.ROOT).startsWith("xml")) {
                throw DialectRules.invalid("XML reserves names starting with 'xml'", field);
            }
        }
    }

    /**
     * Dotted names are written as nested elements: no name may also be a section of another (it would need both a
     * value and children), in the profile's parameters or in what a device gets with its overrides.
     */
    @Override
    public void tree(List<ProfileContent.Parameter> parameters, Map<String, List<ProfileContent.Parameter>> overrides) {
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
                    throw DialectRules.invalid(section + " has a value and is also the section of " + name, field);
                }
            }
        }
    }

    /**
     * The reference URLs as given, once each is a relative, absolute-path or absolute http(s) URL without
     * credentials, whitespace or control characters, with {@code <>{}} only in the phone's markers.
     */
    @Override
    public List<String> references(List<String> given) {
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
            throw DialectRules.invalid("a URL in printable ASCII without spaces (percent-encode anything else)",
                    field);
        }
        String sample = reference;
        for (Map.Entry<String, String> marker : MARKERS.entrySet()) {
            sample = sample.replace(marker.getKey(), marker.getValue());
        }
        if (sample.chars().anyMatch(c -> c == '<' || c == '>' || c == '{' || c == '}')) {
            throw DialectRules.invalid("'<', '>', '{' and '}' only in the markers <MACADR>, {mac}, <SERIAL>, "
                    + "{serial}, <HWTYP>, {type}", field);
        }
        URI uri;
        try {
            uri = new URI(sample);
        } catch (URISyntaxException e) {
            throw DialectRules.invalid("not a URL: " + e.getReason(), field);
        }
        if (uri.getScheme() != null) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw DialectRules.invalid("only http and https URLs (or relative ones)", field);
            }
            if (uri.getHost() == null) {
                throw DialectRules.invalid("an absolute URL needs a host", field);
            }
            if (uri.getRawUserInfo() != null) {
                throw DialectRules.invalid("no credentials in URLs", field);
            }
            return;
        }
        if (uri.getRawAuthority() != null) {
            throw DialectRules.invalid("a URL starting with // names a host: write it with http:// or https://",
                    field);
        }
        // Resolved against the reference file's own URL: a reference to that file would have the phone load it forever.
        String path = URI.create("http://h/d/references.xml").resolve(uri).getPath();
        if (path.equals("/d/references.xml") || path.equals("/d/")) {
            throw DialectRules.invalid("refers back to the reference file itself", field);
        }
    }

    @Override
    public String valueText(String value) {
        return XmlFile.elementText(value);
    }
}
