package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.PhoneState;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Auerswald COMfortel: it loads its first URL and, when that is a {@code <referencedSettings>} file, loads each
 * {@code <URL>} one by one, resolved against the referencing file's URL (a file name: same directory; {@code /path}:
 * same host; a full URL: as is) after replacing the markers {@code <MACADR>}/{@code {mac}},
 * {@code <SERIAL>}/{@code {serial}} and {@code <HWTYP>}/{@code {type}}. Referenced files may be reference files too,
 * to a depth limit, without loops. A settings file it loaded before is asked for with {@code If-None-Match} and the
 * ETag it came with: a {@code 304} (or the same ETag again) means the phone's settings from it are current. An
 * {@code <operations>} file (firmware 1.6 and later) is checked and applied to the settings held so far
 * ({@link AuerswaldOperations}); one the phone could not read fails the boot.
 */
public final class AuerswaldPhone implements Phone {

    /** However the references nest, a phone loads no more files than this in one boot. */
    private static final int MAX_FILES = 50;
    /** The vendor page writes markers raw inside {@code <URL>}, which is not XML; such files are read leniently. */
    private static final Pattern RAW_MARKER = Pattern.compile("<(MACADR|SERIAL|HWTYP)>");
    /** The state key of a settings file's ETag, by the file's URL. */
    private static final String ETAG = "etag.";
    /** What a simulated Auerswald runs (it gets no firmware from the platform). */
    private static final String FIRMWARE = "3.8.2";

    @Override
    public Optional<String> firmware(PhoneOptions options, PhoneState state) {
        return Firmware.running(state, options, FIRMWARE);
    }

    @Override
    public String userAgent(PhoneOptions options, PhoneState state) {
        return options.userAgent().orElse("Auerswald COMfortel " + options.type() + " V"
                + firmware(options, state).orElseThrow() + " " + options.mac().upper());
    }

    @Override
    public void boot(PhoneRun run) throws PhoneFailure {
        URI first = run.provisioningUrl(url -> markers(run, url));
        Loader loader = new Loader(run);
        loader.load(first, "first file");
        run.commit();
        // remembered with the settings only: a boot that failed half-way asks for every file again
        loader.etags.forEach((url, etag) -> run.state().put(ETAG + url, etag));
        run.log().note(loader.files + " file" + (loader.files == 1 ? "" : "s") + " loaded");
    }

    /** Replaces the markers with the phone's MAC (upper case, no colons), serial and hardware type. */
    static String markers(PhoneRun run, String url) {
        String mac = run.mac().upper();
        String serial = run.options().serial();
        String type = run.options().type();
        return url.replace("<MACADR>", mac).replace("{mac}", mac)
                .replace("<SERIAL>", serial).replace("{serial}", serial)
                .replace("<HWTYP>", type).replace("{type}", type);
    }

    private static final class Loader {
        private final PhoneRun run;
        private final Deque<String> chain = new ArrayDeque<>();
        private final Map<String, String> etags = new LinkedHashMap<>();
        private int files;

        private Loader(PhoneRun run) {
            this.run = run;
        }

        void load(URI url, String label) throws PhoneFailure {
            int limit = run.options().chainLimit();
            if (chain.size() > limit) {
                run.log().note(url + " is nested deeper than " + limit + " reference files: giving up");
                throw new PhoneFailure("references nested deeper than " + limit, url.toString());
            }
            String key = url.normalize().toString();
            if (chain.contains(key)) {
                run.log().note(url + " references itself through " + chain.size() + " file(s): giving up");
                throw new PhoneFailure("reference loop", url.toString());
            }
            if (++files > MAX_FILES) {
                run.log().note("more than " + MAX_FILES + " files referenced: giving up");
                throw new PhoneFailure("more than " + MAX_FILES + " referenced files", url.toString());
            }
            Optional<String> stored = run.state().get(ETAG + url);
            Response answer = run.getIfChanged(url, stored);
            if (answer.status() == 304 && stored.isPresent()) {
                run.decide(answer, "not modified: the settings from it are current");
                run.settings(SettingsOutcome.UNCHANGED);
                return;
            }
            Response file = run.require(answer, label);
            XmlElement root = xml(file, label);
            if (!root.name().equals("referencedSettings")) {
                if (root.name().equals("operations")) {
                    operations(file, root);
                } else {
                    settings(file, root);
                }
                Optional<String> etag = file.header("ETag");
                boolean same = etag.isPresent() && etag.equals(stored);
                run.settings(same ? SettingsOutcome.UNCHANGED : SettingsOutcome.DOWNLOADED);
                if (same) {
                    run.decide(file, "ETag as stored: the settings from it are current");
                }
                etag.ifPresent(e -> etags.put(url.toString(), e));
                return;
            }
            List<String> references = root.children("URL").stream().map(XmlElement::text).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            run.decide(file, "reference file: " + references.size() + " URL" + (references.size() == 1 ? "" : "s"));
            run.used("references", file);
            chain.push(key);
            for (String reference : references) {
                URI target = run.resolve(file, reference, u -> markers(run, u));
                load(target, run.label(target));
            }
            chain.pop();
        }

        /**
         * An operations file: checked as a whole first (the phone reads the file before it changes anything), then
         * applied section by section to what the phone holds now, this boot's earlier files included.
         */
        private void operations(Response file, XmlElement root) throws PhoneFailure {
            List<AuerswaldOperations.Operation> operations;
            try {
                operations = AuerswaldOperations.read(root);
            } catch (IllegalArgumentException e) {
                throw run.fail(file, "operations file: " + e.getMessage(), e.getMessage());
            }
            AuerswaldOperations.Outcome outcome = AuerswaldOperations.apply(operations, run.params());
            outcome.removed().forEach(run::remove);
            outcome.set().forEach(run::apply);
            StringBuilder decision = new StringBuilder("operations file, " + outcome.applied() + " of "
                    + operations.size() + " operations applied (" + outcome.set().size() + " settings set, "
                    + outcome.removed().size() + " removed)");
            outcome.discarded().forEach((section, reason) -> decision.append("; operations on section ")
                    .append(section).append(" discarded: ").append(reason));
            run.decide(file, decision.toString());
            run.used("operations", file);
        }

        /**
         * A settings file (patch type): its {@code name}/{@code value} pairs, and the text of its leaf
         * elements under their dotted path below the root ({@code <sip><account><user>} → {@code sip.account.user}),
         * are kept as settings.
         */
        private void settings(Response file, XmlElement root) {
            int applied = 0;
            for (XmlElement element : root.descendants()) {
                Optional<String> name = element.attr("name");
                Optional<String> value = element.attr("value");
                if (name.isPresent() && value.isPresent()) {
                    run.apply(name.get(), value.get());
                    applied++;
                }
            }
            for (XmlElement section : root.children()) {
                applied += leaves(section, section.name());
            }
            run.decide(file, "settings file <" + root.name() + ">, " + applied + " name/value settings applied");
            run.used("settings", file);
        }

        private int leaves(XmlElement element, String path) {
            if (element.children().isEmpty()) {
                if (element.attributes().isEmpty() && element.text() != null && !element.text().isBlank()) {
                    run.apply(path, element.text().trim());
                    return 1;
                }
                return 0;
            }
            int applied = 0;
            for (XmlElement child : element.children()) {
                applied += leaves(child, path + "." + child.name());
            }
            return applied;
        }

        private XmlElement xml(Response file, String label) throws PhoneFailure {
            String text = file.text();
            if (RAW_MARKER.matcher(text).find()) {
                // the markers of the vendor's example, written raw: read them as the text they are meant to be
                String escaped = RAW_MARKER.matcher(text).replaceAll("&lt;$1&gt;");
                Response lenient = new Response(file.url(), file.status(), file.headers(),
                        escaped.getBytes(StandardCharsets.UTF_8), file.bytes(), file.sha256(), file.step());
                return run.xml(lenient, label);
            }
            return run.xml(file, label);
        }
    }
}
