package org.telprov.phonesim.phone;

import org.telprov.phonesim.Mac;
import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.http.HttpSession;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.http.Transport;
import org.telprov.phonesim.report.RunLog;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.PhoneState;

import javax.xml.stream.XMLStreamException;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One boot of one phone: its options, remembered state, HTTP session and log, plus the settings applied (or removed)
 * so far in this boot ({@link #apply}, {@link #remove}), which take effect at once (HTTP credentials) but are
 * remembered only on {@link #commit}.
 */
public final class PhoneRun {

    public static final String SETTINGS_VERSION = "System.Provision.SettingsVersion";
    public static final String AUTH_USER = "System.Security.HTTPAuthUsername";
    public static final String AUTH_PASSWORD = "System.Security.HTTPAuthPassword";

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final PhoneOptions options;
    private final PhoneState state;
    private final RunLog log;
    private final HttpSession http;
    private final Map<String, String> applied = new LinkedHashMap<>();
    private final Set<String> removed = new HashSet<>();

    public PhoneRun(Transport transport, PhoneOptions options, PhoneState state, RunLog log, String userAgent) {
        this.options = options;
        this.state = state;
        this.log = log;
        this.http = new HttpSession(transport, log, userAgent, options.timeout(), this::credentials);
    }

    public Mac mac() {
        return options.mac();
    }

    public PhoneOptions options() {
        return options;
    }

    public PhoneState state() {
        return state;
    }

    public RunLog log() {
        return log;
    }

    /** A provisioning file: body kept, redirects followed. */
    public Response get(URI url) throws PhoneFailure {
        return http.get(url, HttpSession.Mode.FILE);
    }

    /**
     * A provisioning file the phone holds a copy of: asked with {@code If-None-Match} when it stored an ETag for it,
     * so the answer may be a {@code 304}.
     */
    public Response getIfChanged(URI url, Optional<String> etag) throws PhoneFailure {
        return http.get(url, HttpSession.Mode.FILE, etag.orElse(null));
    }

    /** A firmware image: counted and hashed, not kept; redirects followed. */
    public Response download(URI url) throws PhoneFailure {
        return http.get(url, HttpSession.Mode.DOWNLOAD);
    }

    /** The response if it is a 200; otherwise the phone gives up on the file named by the label. */
    public Response require(Response response, String label) throws PhoneFailure {
        if (!response.ok()) {
            log.decide(response.step(), "giving up on " + label);
            throw new PhoneFailure(label + ": HTTP " + response.status(), response.url().toString());
        }
        return response;
    }

    public void decide(Response response, String decision) {
        log.decide(response.step(), decision);
    }

    /** Records what the phone decided about its settings in this boot (a download anywhere in it wins). */
    public void settings(SettingsOutcome outcome) {
        log.settings(outcome);
    }

    /** Records the response as a file the phone used. */
    public void used(String kind, Response response) {
        log.file(kind, response.url(), response.bytes(), response.sha256());
    }

    /** Gives up, saying why at the response's step. */
    public PhoneFailure fail(Response response, String reason, String detail) {
        log.decide(response.step(), detail);
        return new PhoneFailure(reason, detail);
    }

    /** The response body as XML; a body that is not XML fails the phone. */
    public XmlElement xml(Response response, String label) throws PhoneFailure {
        try {
            return Xml.parse(response.body());
        } catch (XMLStreamException e) {
            throw fail(response, label + ": not well-formed XML", e.getMessage());
        }
    }

    /** Like {@link #xml}, for a root element the file must have. */
    public XmlElement xml(Response response, String label, String root) throws PhoneFailure {
        XmlElement element = xml(response, label);
        if (!element.name().equals(root)) {
            throw fail(response, label + ": not a <" + root + "> file", "root element <" + element.name() + ">");
        }
        return element;
    }

    /** A link found in a file, resolved against the file's URL after the family's markers are replaced. */
    public URI resolve(Response file, String link, UnaryOperator<String> markers) throws PhoneFailure {
        return HttpSession.resolve(file.url(), markers.apply(link));
    }

    /**
     * Where the phone's files are: the given URL, or the redirect service's answer (any redirect status with a
     * Location, or a 200 with {@code <provisioning><url>…</url></provisioning>}); markers are replaced in it.
     */
    public URI provisioningUrl(UnaryOperator<String> markers) throws PhoneFailure {
        Optional<String> given = options.url();
        if (given.isPresent()) {
            URI url = HttpSession.absolute(markers.apply(given.get()));
            log.note("provisioning URL " + url + options.urlSource().map(source -> " (from " + source + ", ")
                    .orElse(" (given, ") + "redirect service not asked)");
            return url;
        }
        URI lookup = options.redirectLookup().orElseThrow();
        Response answer = http.get(lookup, HttpSession.Mode.LOOKUP);
        if (REDIRECTS.contains(answer.status()) && answer.header("Location").isPresent()) {
            URI url = HttpSession.resolve(lookup, markers.apply(answer.header("Location").get()));
            decide(answer, "provisioning URL " + url);
            return url;
        }
        if (answer.ok()) {
            XmlElement xml = xml(answer, "redirect answer", "provisioning");
            String text = xml.children("url").stream().map(XmlElement::text).map(String::trim)
                    .filter(s -> !s.isEmpty()).findFirst()
                    .orElseThrow(() -> fail(answer, "redirect answer: no URL", "no <url> in the XML answer"));
            URI url = HttpSession.resolve(lookup, markers.apply(text));
            decide(answer, "provisioning URL " + url + " (XML answer)");
            return url;
        }
        if (answer.status() == 404) {
            throw fail(answer, "redirect: unknown device (HTTP 404)", "the redirect service does not know "
                    + mac());
        }
        throw fail(answer, "redirect: HTTP " + answer.status(), "no provisioning URL");
    }

    /** Applies a setting for the rest of this boot; remembered on {@link #commit}. */
    public void apply(String name, String value) {
        applied.put(name, value);
        removed.remove(name);
    }

    /** Removes a setting for the rest of this boot (an operations file deleted it); forgotten on {@link #commit}. */
    public void remove(String name) {
        applied.remove(name);
        removed.add(name);
    }

    /** A setting as the phone holds it now: applied in this boot, else remembered unless removed. */
    public Optional<String> param(String name) {
        if (removed.contains(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(applied.get(name)).or(() -> state.param(name));
    }

    /** Every setting the phone holds now, by name. */
    public Map<String, String> params() {
        Map<String, String> params = new TreeMap<>(state.params());
        params.keySet().removeAll(removed);
        params.putAll(applied);
        return params;
    }

    /** Remembers the settings applied and forgets those removed so far. */
    public void commit() {
        removed.forEach(state::forget);
        applied.forEach(state::param);
        removed.clear();
        applied.clear();
    }

    /** The credentials for a Digest challenge: from the settings the phone holds, else the configured ones. */
    Optional<Credentials> credentials() {
        Optional<String> user = param(AUTH_USER);
        Optional<String> password = param(AUTH_PASSWORD);
        if (user.isPresent() && password.isPresent()) {
            return Optional.of(new Credentials(user.get(), password.get()));
        }
        return options.auth();
    }

    /** A name for a file in failure reasons that is the same for every phone: the MAC in it becomes {@code {mac}}. */
    public String label(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        boolean directory = path.endsWith("/");
        String trimmed = directory ? path.substring(0, path.length() - 1) : path;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        String named = last.replaceAll("(?i)" + mac().lower() + "|" + mac().colonLower().replace(":", "[:-]"), "{mac}");
        return named + (directory ? "/" : "");
    }
}
