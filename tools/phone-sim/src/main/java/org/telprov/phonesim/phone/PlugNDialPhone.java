package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.PhoneState;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Plug-n-Dial phone over HTTP: it fetches {@code <base>/<mac[0:4]>/<mac[4:8]>/<mac>.md5}, and the {@code .txt}
 * beside it only when that MD5 differs from the one it stored (refusing a {@code .txt} whose MD5 is another); then
 * {@code <base>/firmware/<OEM>/<Model>/currentversion.txt} and the {@code Image_file} it names when that differs
 * from the image it has.
 */
public final class PlugNDialPhone implements Phone {

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*=\\s*(\"([^\"]*)\"|(.*?))\\s*");

    @Override
    public String userAgent(PhoneOptions options, PhoneState state) {
        return options.userAgent().orElse("PlugNDial-Sim/1.0 " + options.mac().lower());
    }

    @Override
    public void boot(PhoneRun run) throws PhoneFailure {
        String base = run.provisioningUrl(url -> url).toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        configuration(run, base);
        firmware(run, base);
    }

    private void configuration(PhoneRun run, String base) throws PhoneFailure {
        String mac = run.mac().lower();
        String file = base + "/" + mac.substring(0, 4) + "/" + mac.substring(4, 8) + "/" + mac;
        Response md5File = run.require(run.get(URI.create(file + ".md5")), "config.md5");
        String md5 = md5File.text().trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!MD5.matcher(md5).matches()) {
            throw run.fail(md5File, "config.md5: not an MD5", "the .md5 file does not start with 32 hex digits");
        }
        run.used("md5", md5File);
        Optional<String> stored = run.state().get("md5");
        if (stored.filter(md5::equals).isPresent()) {
            run.decide(md5File, "MD5 as stored: configuration current, .txt not fetched");
            run.settings(SettingsOutcome.UNCHANGED);
            return;
        }
        run.decide(md5File, "MD5 " + md5 + ", stored " + stored.orElse("(none)") + ": fetching the .txt");
        Response config = run.require(run.get(URI.create(file + ".txt")), "config.txt");
        String actual = md5(config.body());
        if (!actual.equals(md5)) {
            throw run.fail(config, "config.md5 does not match config.txt",
                    "the .txt has MD5 " + actual + ", the .md5 says " + md5);
        }
        Map<String, String> settings = parse(config.text());
        settings.forEach(run::apply);
        run.commit();
        run.state().put("md5", md5);
        run.decide(config, "MD5 verified, " + settings.size() + " settings applied");
        run.used("config", config);
        run.settings(SettingsOutcome.DOWNLOADED);
    }

    private void firmware(PhoneRun run, String base) throws PhoneFailure {
        Optional<String> oem = run.options().oem();
        Optional<String> model = run.options().model();
        if (oem.isEmpty() || model.isEmpty()) {
            run.log().note("no OEM and model configured: firmware check skipped");
            return;
        }
        URI current = URI.create(base + "/firmware/" + segment(oem.get()) + "/" + segment(model.get())
                + "/currentversion.txt");
        Response version = run.get(current);
        if (version.status() == 404) {
            run.decide(version, "no firmware published: boot continues");
            return;
        }
        run.require(version, "currentversion.txt");
        run.used("currentversion", version);
        String image = parse(version.text()).get("Image_file");
        if (image == null || image.isBlank()) {
            throw run.fail(version, "currentversion.txt: no Image_file", "no Image_file=\"…\" line");
        }
        Optional<String> stored = run.state().get("image");
        if (stored.filter(image::equals).isPresent()) {
            run.decide(version, "image " + image + " as installed: firmware current");
            return;
        }
        run.decide(version, "image " + image + ", installed " + stored.orElse("(none)") + ": downloading");
        Response download = run.require(run.download(run.resolve(version, segment(image), u -> u)), "firmware-image");
        Optional<Long> length = download.contentLength();
        if (length.isPresent() && length.get() != download.bytes()) {
            throw run.fail(download, "firmware-image: size mismatch",
                    "Content-Length " + length.get() + ", got " + download.bytes() + " bytes");
        }
        run.decide(download, "firmware image " + download.bytes() + " bytes, sha256 " + download.sha256());
        run.used("firmware", download);
        if (Firmware.install(run, download, null)) {
            run.state().put("image", image);
        }
    }

    /** {@code key="value"} lines (a bare {@code key=value} too); blank lines and {@code #} comments skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                values.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
            }
        }
        return values;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
