package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;
import org.telprov.phonesim.state.PhoneState;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The firmware a simulated phone runs: its family's (or {@code --firmware}) until it installs an image, then the
 * image's version, remembered in its state ({@value #VERSION_KEY}) so later boots announce it. A real phone reads the
 * version from the image; a simulated one from the image's first line, {@code phone-sim-firmware <version>}, which
 * tests and the end-to-end test put in the images they upload.
 */
public final class Firmware {

    /** The state key of the installed image's version. */
    public static final String VERSION_KEY = "firmware.version";
    /** The first line of an image the simulator can read a version from. */
    public static final String MARKER = "phone-sim-firmware ";

    private static final Pattern FIRST_LINE = Pattern.compile("^" + MARKER + "([^\\s;/]+)\\s*(\\r?\\n|$)");

    private Firmware() {
    }

    /** The version the phone runs now: installed, else configured, else the family's. */
    static Optional<String> running(PhoneState state, PhoneOptions options, String familyDefault) {
        return state.get(VERSION_KEY).or(options::firmware).or(() -> Optional.ofNullable(familyDefault));
    }

    /** The version an image names in its first line, if it names one. */
    public static Optional<String> version(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        Matcher matcher = FIRST_LINE.matcher(new String(head, StandardCharsets.ISO_8859_1));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * Installs a downloaded image, unless the phone refuses its version ({@code --refuse-firmware}): it then keeps
     * running what it ran and the caller does not remember the image, so the next boot downloads it again, as a phone
     * that failed to flash it does.
     *
     * @return whether the phone installed it
     */
    static boolean install(PhoneRun run, Response image, String familyDefault) {
        Optional<String> version = version(image.body());
        String running = running(run.state(), run.options(), familyDefault).orElse("(unknown)");
        if (run.options().refusesFirmware(version.orElse(""))) {
            run.decide(image, "image " + version.orElse("naming no version") + " refused (--refuse-firmware): still "
                    + "running " + running);
            return false;
        }
        if (version.isEmpty()) {
            run.decide(image, "image installed; it names no version (no '" + MARKER.trim()
                    + " <version>' first line): still announcing " + running);
            return true;
        }
        run.state().put(VERSION_KEY, version.get());
        run.decide(image, "image installed: running firmware " + version.get() + " from the next boot");
        return true;
    }
}
