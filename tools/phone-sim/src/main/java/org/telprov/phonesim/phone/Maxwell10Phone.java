package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.PhoneState;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Gigaset Maxwell speaking provisioning 1.0: {@code provisioning.xml} names a {@code updates.xml} per category
 * (step 1); each names the category's UVC (step 2); only when that UVC differs from the one the phone stored for the
 * category does it fetch the step-3 files (firmware image, settings, certificates), and it refuses them when their
 * URL or content names another UVC than step 2 did.
 */
public final class Maxwell10Phone implements Phone {

    /** {@code YYYY-MM-DD_HH:MM:SS} */
    private static final Pattern UVC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}_\\d{2}:\\d{2}:\\d{2}");
    /** What the phone holds before its first provisioning (vendor guide: "equal to 0"). */
    private static final String NO_UVC = "0";
    private static final String UVC_KEY = "uvc.";
    private static final Set<String> CATEGORIES = Set.of("firmware", "nvm", "custom");

    @Override
    public String userAgent(PhoneOptions options, PhoneState state) {
        return Maxwell.userAgent(options, state);
    }

    @Override
    public Optional<String> firmware(PhoneOptions options, PhoneState state) {
        return Maxwell.firmware(options, state);
    }

    /** The settings' UVC; without a settings category, the newest UVC of the others (UVCs sort as text). */
    @Override
    public Optional<String> uvc(PhoneState state) {
        return state.param(PhoneRun.SETTINGS_VERSION).or(() -> state.values().entrySet().stream()
                .filter(e -> e.getKey().startsWith(UVC_KEY)).map(Map.Entry::getValue).max(String::compareTo));
    }

    @Override
    public void boot(PhoneRun run) throws PhoneFailure {
        URI start = run.provisioningUrl(url -> Maxwell.macd(run, url));
        Response file = Maxwell.firstFile(run, start);
        XmlElement provisioning = run.xml(file, Maxwell.PROVISIONING, "provisioning");
        String version = provisioning.attr("version").orElse("1.0");
        if (!version.equals("1.0")) {
            throw run.fail(file, Maxwell.PROVISIONING + ": version " + version + ", not 1.0",
                    "a Maxwell 1.0 phone does not read provisioning version " + version);
        }
        List<XmlElement> categories = provisioning.children("category");
        run.decide(file, "Maxwell 1.0, categories: " + (categories.isEmpty() ? "none" : categories.stream()
                .map(c -> c.attr("type").orElse("?")).collect(Collectors.joining(", "))));
        run.used("provisioning", file);
        for (XmlElement category : categories) {
            String type = category.attr("type").orElse("");
            String link = category.attr("url").map(String::trim).orElse("");
            if (link.isEmpty()) {
                throw run.fail(file, Maxwell.PROVISIONING + ": category without URL", "category " + type);
            }
            if (!CATEGORIES.contains(type)) {
                run.log().note("category '" + type + "' unknown to the phone: ignored");
                continue;
            }
            URI target = run.resolve(file, link, url -> Maxwell.macd(run, url));
            switch (type) {
                case "firmware" -> firmware(run, target);
                case "nvm" -> nvm(run, target);
                default -> custom(run, target);
            }
        }
    }

    private void firmware(PhoneRun run, URI url) throws PhoneFailure {
        String label = "firmware/updates.xml";
        Response updates = run.require(run.get(url), label);
        XmlElement root = run.xml(updates, label, "firmware");
        run.used("updates", updates);
        List<XmlElement> files = root.children("file");
        if (files.isEmpty()) {
            run.decide(updates, "no firmware file");
            return;
        }
        XmlElement latest = files.stream().filter(f -> f.attr("type").filter("latest"::equals).isPresent())
                .findFirst().orElse(files.get(files.size() - 1));
        Optional<String> uvc = latest.attr("version");
        String stored = stored(run, "firmware");
        if (uvc.isPresent() && uvc.get().equals(stored)) {
            run.decide(updates, "UVC " + uvc.get() + " as stored: firmware current, nothing to download");
            return;
        }
        run.decide(updates, "UVC " + uvc.orElse("(none)") + ", stored " + stored + ": downloading the firmware");
        URI link = run.resolve(updates, latest.attr("url").orElse(""), u -> Maxwell.macd(run, u));
        sameUvc(run, updates, "firmware", link, uvc);
        Response image = run.require(run.download(link), "firmware image");
        Optional<Long> size = latest.attr("size").flatMap(Maxwell10Phone::number)
                .or(image::contentLength);
        if (size.isPresent() && size.get() != image.bytes()) {
            throw run.fail(image, "firmware image: size mismatch",
                    "expected " + size.get() + " bytes, got " + image.bytes());
        }
        run.decide(image, "firmware image: " + image.bytes() + " bytes" + (size.isPresent() ? " as expected" : "")
                + ", sha256 " + image.sha256());
        run.used("firmware", image);
        if (Firmware.install(run, image, Maxwell.FIRMWARE)) {
            uvc.ifPresent(u -> storeUvc(run, "firmware", u));
        }
    }

    private void nvm(PhoneRun run, URI url) throws PhoneFailure {
        String label = "nvm/updates.xml";
        Response updates = run.require(run.get(url), label);
        XmlElement root = run.xml(updates, label, "nvm");
        run.used("updates", updates);
        Optional<String> forMac = root.attr("macAddress");
        if (forMac.isPresent() && !forMac.get().equals(run.mac().colonLower())) {
            throw run.fail(updates, label + ": macAddress is not this phone's",
                    "macAddress " + forMac.get() + ", this phone is " + run.mac().colonLower());
        }
        List<XmlElement> files = root.children("file");
        if (files.isEmpty()) {
            run.decide(updates, "no settings file");
            return;
        }
        Optional<String> uvc = files.stream().map(f -> f.attr("version")).flatMap(Optional::stream)
                .reduce((first, second) -> second);
        String stored = stored(run, "nvm");
        if (uvc.isPresent() && uvc.get().equals(stored)) {
            run.decide(updates, "UVC " + uvc.get() + " as stored: settings current, nothing to fetch");
            run.settings(SettingsOutcome.UNCHANGED);
            return;
        }
        run.decide(updates, "UVC " + uvc.orElse("(none)") + ", stored " + stored + ": fetching " + files.size()
                + " settings file" + (files.size() == 1 ? "" : "s"));
        for (XmlElement file : files) {
            Optional<String> fileUvc = file.attr("version").or(() -> uvc);
            URI link = run.resolve(updates, file.attr("url").orElse(""), u -> Maxwell.macd(run, u));
            sameUvc(run, updates, "nvm", link, fileUvc);
            Response settings = run.require(run.get(link), "nvm/settings.xml");
            XmlElement params = run.xml(settings, "nvm/settings.xml");
            int applied = 0;
            for (XmlElement param : params.children("param")) {
                Optional<String> name = param.attr("name");
                if (name.isEmpty()) {
                    continue;
                }
                String value = param.attr("value").orElse("");
                if (name.get().equals(PhoneRun.SETTINGS_VERSION) && fileUvc.isPresent()
                        && !value.equals(fileUvc.get())) {
                    throw run.fail(settings, "nvm: UVC changed between step 2 and step 3",
                            "settings name UVC " + value + ", nvm/updates.xml said " + fileUvc.get());
                }
                run.apply(name.get(), value);
                applied++;
            }
            run.decide(settings, applied + " settings applied");
            run.used("settings", settings);
        }
        run.commit();
        uvc.ifPresent(u -> storeUvc(run, "nvm", u));
        run.settings(SettingsOutcome.DOWNLOADED);
    }

    private void custom(PhoneRun run, URI url) throws PhoneFailure {
        String label = "custom/updates.xml";
        Response updates = run.require(run.get(url), label);
        XmlElement scenario = run.xml(updates, label, "scenario");
        run.used("updates", updates);
        Optional<String> uvc = scenario.attr("version");
        String stored = stored(run, "custom");
        if (uvc.isPresent() && uvc.get().equals(stored)) {
            run.decide(updates, "UVC " + uvc.get() + " as stored: certificates current, nothing to fetch");
            return;
        }
        List<XmlElement> steps = scenario.children("step");
        run.decide(updates, "UVC " + uvc.orElse("(none)") + ", stored " + stored + ": " + steps.size() + " step"
                + (steps.size() == 1 ? "" : "s"));
        for (XmlElement step : steps) {
            String type = step.attr("type").orElse("");
            if (!type.equalsIgnoreCase("certificate")) {
                run.log().note("scenario step '" + type + "' unknown to the phone: ignored");
                continue;
            }
            URI link = run.resolve(updates, step.attr("url").orElse(""), u -> Maxwell.macd(run, u));
            sameUvc(run, updates, "custom", link, uvc);
            String certLabel = "custom/" + run.label(link);
            Response pem = run.require(run.get(link), certLabel);
            run.decide(pem, "certificate " + certificate(run, pem, certLabel));
            run.used("certificate", pem);
        }
        uvc.ifPresent(u -> storeUvc(run, "custom", u));
    }

    /** Checks the PEM (or DER) parses; the subject and expiry of its first certificate. */
    private static String certificate(PhoneRun run, Response pem, String label) throws PhoneFailure {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.body()));
            if (certificates.isEmpty()) {
                throw run.fail(pem, label + ": no certificate", "no certificate in the file");
            }
            X509Certificate first = (X509Certificate) certificates.iterator().next();
            return first.getSubjectX500Principal().getName() + ", valid until " + first.getNotAfter().toInstant();
        } catch (CertificateException e) {
            throw run.fail(pem, label + ": not a certificate", e.getMessage());
        }
    }

    /**
     * A step-3 URL naming a UVC (the platform puts it in the path) must name step 2's: the vendor guide requires the
     * same UVC in steps 2 and 3.
     */
    private static void sameUvc(PhoneRun run, Response updates, String category, URI link, Optional<String> uvc)
            throws PhoneFailure {
        if (uvc.isEmpty()) {
            return;
        }
        Matcher matcher = UVC.matcher(link.getPath() == null ? "" : link.getPath());
        while (matcher.find()) {
            if (!matcher.group().equals(uvc.get())) {
                throw run.fail(updates, category + ": UVC changed between step 2 and step 3",
                        "step-3 URL names UVC " + matcher.group() + ", updates.xml said " + uvc.get());
            }
        }
    }

    private static String stored(PhoneRun run, String category) {
        return run.state().get(UVC_KEY + category).orElse(NO_UVC);
    }

    /** Remembers the category's UVC; the settings' is also {@code System.Provision.SettingsVersion}. */
    private static void storeUvc(PhoneRun run, String category, String uvc) {
        run.state().put(UVC_KEY + category, uvc);
        if (category.equals("nvm")) {
            run.state().param(PhoneRun.SETTINGS_VERSION, uvc);
        }
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
