package org.telprov.provisioning.rollout;

import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a check-in shows about a device's change, per dialect (docs/rollouts.md, "What counts as confirmed and as
 * failed"). Only the check-ins the services publish today are read: provisioning's merged {@code device.fetched} of a
 * boot (files, UVC, User-Agent) and the firmware service's, sent only for a completed download.
 */
final class CheckinRules {

    /** What one check-in proves. */
    enum Evidence {
        /** Nothing about this change. */
        NONE,
        /** The first files of the change, not the one that confirms it. */
        PARTIAL,
        /** The firmware image downloaded completely; the new version not announced yet. */
        DOWNLOADED,
        CONFIRMED
    }

    /** Gigaset's {@code Gigaset <model>/<firmware version>;<MAC>}, as the phones and the phone simulator send it. */
    private static final Pattern GIGASET = Pattern.compile("^Gigaset [^/]+/([^;\\s]+)");

    private CheckinRules() {
    }

    /**
     * A release is confirmed by the file that carries its settings, fetched under its UVC or a newer version of the
     * device's own (its settings changed since): Maxwell 1.0's step-3 {@code nvm/settings.xml}, Maxwell 1.1's
     * {@code <MAC>.xml} (checked in as {@code device.xml}), Auerswald's {@code settings.xml}, Plug-n-Dial's
     * {@code .txt} (fetched only after its {@code .md5}).
     */
    static Evidence release(Dialect dialect, String uvc, DeviceCheckin checkin) {
        if (!DeviceCheckin.PROVISIONING.equals(checkin.service()) || checkin.uvc() == null
                || checkin.uvc().compareTo(uvc) < 0) {
            return Evidence.NONE;
        }
        List<String> files = files(checkin);
        if (files.contains(settingsFile(dialect))) {
            return Evidence.CONFIRMED;
        }
        return files.isEmpty() ? Evidence.NONE : Evidence.PARTIAL;
    }

    /**
     * A firmware image is confirmed by a complete download of the artifact followed by a check-in announcing its
     * version, or by the download alone where the family cannot say which version it runs ({@link #announcesFirmware}).
     * A provisioning check-in naming the file that points at the image is partial.
     *
     * @param downloaded whether the device's complete download was seen already
     */
    static Evidence firmware(Dialect dialect, String artifactId, String version, boolean downloaded,
                             DeviceCheckin checkin) {
        if (DeviceCheckin.FIRMWARE.equals(checkin.service()) && artifactId.equals(checkin.file())) {
            return announcesFirmware(dialect) ? Evidence.DOWNLOADED : Evidence.CONFIRMED;
        }
        if (downloaded && announcesFirmware(dialect)) {
            Optional<String> announced = announcedFirmware(checkin.userAgent());
            if (announced.isPresent() && sameVersion(announced.get(), version)) {
                return Evidence.CONFIRMED;
            }
        }
        if (DeviceCheckin.PROVISIONING.equals(checkin.service())
                && files(checkin).stream().anyMatch(CheckinRules::pointsAtFirmware)) {
            return Evidence.PARTIAL;
        }
        return Evidence.NONE;
    }

    /** Whether provisioning can give the dialect's devices firmware at all. */
    static boolean receivesFirmware(Dialect dialect) {
        return dialect == Dialect.MAXWELL_10 || dialect == Dialect.PLUG_N_DIAL;
    }

    /**
     * Whether the family names its running firmware in its requests: Gigaset's User-Agent does; a Plug-n-Dial
     * phone's request carries no version (it compares {@code currentversion.txt} with its own), so its download counts.
     */
    static boolean announcesFirmware(Dialect dialect) {
        return dialect == Dialect.MAXWELL_10;
    }

    /** The firmware version a User-Agent announces, where its family's pattern is known. */
    static Optional<String> announcedFirmware(String userAgent) {
        if (userAgent == null) {
            return Optional.empty();
        }
        Matcher gigaset = GIGASET.matcher(userAgent);
        return gigaset.find() ? Optional.of(gigaset.group(1)) : Optional.empty();
    }

    private static boolean sameVersion(String announced, String version) {
        return plain(announced).equals(plain(version));
    }

    /** Without case and a leading {@code v}: {@code V2.22.4} is {@code 2.22.4}. */
    private static String plain(String version) {
        String lower = version.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("v") ? lower.substring(1) : lower;
    }

    private static String settingsFile(Dialect dialect) {
        return switch (dialect) {
            case MAXWELL_10 -> "nvm/settings.xml";
            case MAXWELL_11 -> "device.xml";
            case AUERSWALD -> "settings.xml";
            case PLUG_N_DIAL -> "config.txt";
        };
    }

    private static boolean pointsAtFirmware(String file) {
        return file.equals("firmware/updates.xml") || file.equals("currentversion.txt")
                || file.equals("firmware-image");
    }

    private static List<String> files(DeviceCheckin checkin) {
        if (checkin.files() != null) {
            return checkin.files();
        }
        return checkin.file() == null ? List.of() : List.of(checkin.file());
    }
}
