package org.telprov.provisioning.rollout;

import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.CheckinFiles;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a check-in shows about a device's change (docs/rollouts.md, "What counts as confirmed and as failed"), from
 * the files and User-Agent pattern each dialect declares in its package ({@link CheckinFiles}). Only the check-ins
 * the services publish today are read: provisioning's merged {@code device.fetched} of a boot (files, UVC,
 * User-Agent) and the firmware service's, sent only for a completed download.
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

    private CheckinRules() {
    }

    /**
     * A release is confirmed by the file its dialect names ({@link CheckinFiles#confirming}), fetched under its UVC
     * or a newer version of the device's own (its settings changed since); the dialect's other release files are
     * partial.
     */
    static Evidence release(Dialect dialect, String uvc, DeviceCheckin checkin) {
        return release(dialect, uvc, false, checkin);
    }

    /**
     * As {@link #release(Dialect, String, DeviceCheckin)}, for a release that may give the device nothing but its
     * Digest credentials, which a dialect may put in a file of their own (Maxwell 1.0's {@code nvm/credentials.xml},
     * then the only step-3 file).
     *
     * @param onlyCredentials whether the release gives the device only its credentials
     *                        ({@code ProfileContent.givesOnlyCredentials})
     */
    static Evidence release(Dialect dialect, String uvc, boolean onlyCredentials, DeviceCheckin checkin) {
        if (!DeviceCheckin.PROVISIONING.equals(checkin.service()) || checkin.uvc() == null
                || checkin.uvc().compareTo(uvc) < 0) {
            return Evidence.NONE;
        }
        CheckinFiles rules = Dialects.checkins(dialect);
        List<String> files = files(checkin);
        if (files.contains(rules.confirming(onlyCredentials))) {
            return Evidence.CONFIRMED;
        }
        return rules.anyFetched(files, onlyCredentials) ? Evidence.PARTIAL : Evidence.NONE;
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
        CheckinFiles rules = Dialects.checkins(dialect);
        if (downloaded && rules.announcesFirmware()) {
            Optional<String> announced = rules.firmwareVersion(checkin.userAgent());
            if (announced.isPresent() && sameVersion(announced.get(), version)) {
                return Evidence.CONFIRMED;
            }
        }
        if (DeviceCheckin.PROVISIONING.equals(checkin.service())
                && files(checkin).stream().anyMatch(rules.firmwareFiles()::contains)) {
            return Evidence.PARTIAL;
        }
        return Evidence.NONE;
    }

    /** Whether provisioning can give the dialect's devices firmware at all. */
    static boolean receivesFirmware(Dialect dialect) {
        return Dialects.checkins(dialect).receivesFirmware();
    }

    /**
     * Whether the family names its running firmware in its requests: Gigaset's User-Agent does; a Plug-n-Dial
     * phone's request carries no version (it compares {@code currentversion.txt} with its own), so its download counts.
     */
    static boolean announcesFirmware(Dialect dialect) {
        return Dialects.checkins(dialect).announcesFirmware();
    }

    /** The firmware version a User-Agent announces, where one of the dialects knows its family's pattern. */
    static Optional<String> announcedFirmware(String userAgent) {
        for (CheckinFiles rules : Dialects.allCheckins()) {
            Optional<String> version = rules.firmwareVersion(userAgent);
            if (version.isPresent()) {
                return version;
            }
        }
        return Optional.empty();
    }

    private static boolean sameVersion(String announced, String version) {
        return plain(announced).equals(plain(version));
    }

    /** Without case and a leading {@code v}: {@code V2.22.4} is {@code 2.22.4}. */
    private static String plain(String version) {
        String lower = version.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("v") ? lower.substring(1) : lower;
    }

    private static List<String> files(DeviceCheckin checkin) {
        if (checkin.files() != null) {
            return checkin.files();
        }
        return checkin.file() == null ? List.of() : List.of(checkin.file());
    }
}
