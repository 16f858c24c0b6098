package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.PhoneState;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Gigaset Maxwell speaking provisioning 1.1 ("multiple files"): it applies each file's {@code <param>} lines in
 * order and follows its {@code <step type="Redirect" url>} to the next file ({@code %MACD} replaced, relative URLs
 * against the current file), so a first file can set the HTTP Digest credentials the second is protected with. The
 * UVC is the {@code System.Provision.SettingsVersion} it ends up with; the phone loads the chain on every boot, and
 * its settings are new to it when that version differs from the one it held.
 */
public final class Maxwell11Phone implements Phone {

    @Override
    public String userAgent(PhoneOptions options, PhoneState state) {
        return Maxwell.userAgent(options, state);
    }

    @Override
    public Optional<String> firmware(PhoneOptions options, PhoneState state) {
        return Maxwell.firmware(options, state);
    }

    @Override
    public void boot(PhoneRun run) throws PhoneFailure {
        Optional<String> before = run.state().param(PhoneRun.SETTINGS_VERSION);
        URI url = run.provisioningUrl(u -> Maxwell.macd(run, u));
        Set<String> seen = new HashSet<>();
        int limit = run.options().chainLimit();
        for (int n = 1; url != null; n++) {
            String label = n == 1 ? Maxwell.PROVISIONING : run.label(url);
            if (n > limit) {
                run.log().note("file " + n + " (" + url + ") is more than " + limit + " in a chain: giving up");
                throw new PhoneFailure("more than " + limit + " chained files", url.toString());
            }
            if (!seen.add(url.normalize().toString())) {
                run.log().note(url + " was already loaded in this chain: giving up");
                throw new PhoneFailure("redirect steps loop", url.toString());
            }
            Response file = n == 1 ? Maxwell.firstFile(run, url) : run.require(run.get(url), label);
            XmlElement provisioning = run.xml(file, label, "provisioning");
            String version = provisioning.attr("version").orElse("1.1");
            if (!version.equals("1.1")) {
                throw run.fail(file, label + ": version " + version + ", not 1.1",
                        "a Maxwell 1.1 phone does not read provisioning version " + version);
            }
            int applied = 0;
            for (XmlElement param : provisioning.children("param")) {
                Optional<String> name = param.attr("name");
                if (name.isPresent()) {
                    run.apply(name.get(), param.attr("value").orElse(""));
                    applied++;
                }
            }
            Optional<String> next = redirect(provisioning.children("step"));
            URI following = next.isPresent() ? run.resolve(file, next.get(), u -> Maxwell.macd(run, u)) : null;
            run.decide(file, applied + " settings applied" + (following == null ? ", no redirect step: done"
                    : ", redirect step to " + following));
            run.used("provisioning", file);
            url = following;
        }
        run.commit();
        Optional<String> uvc = run.state().param(PhoneRun.SETTINGS_VERSION);
        run.log().note(uvc.isEmpty() ? "no " + PhoneRun.SETTINGS_VERSION + " received"
                : uvc.equals(before) ? "UVC " + uvc.get() + " unchanged"
                : "UVC " + uvc.get() + " (was " + before.orElse("0") + ")");
        // the files come on every boot; the version says whether they are new to the phone (without one it cannot
        // tell, and takes them as new)
        run.settings(uvc.isPresent() && uvc.equals(before) ? SettingsOutcome.UNCHANGED : SettingsOutcome.DOWNLOADED);
    }

    private static Optional<String> redirect(List<XmlElement> steps) {
        return steps.stream()
                .filter(s -> s.attr("type").filter("Redirect"::equalsIgnoreCase).isPresent())
                .map(s -> s.attr("url").orElse("").trim())
                .filter(u -> !u.isEmpty())
                .findFirst();
    }
}
