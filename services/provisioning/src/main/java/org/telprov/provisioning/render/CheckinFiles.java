package org.telprov.provisioning.render;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dialect's check-ins show about a change a rollout brings (docs/rollouts.md, "What counts as confirmed and as
 * failed"), files named as check-ins name them (docs/device-files.md, "File names"). Declared once in each dialect's
 * package beside its {@link FileNames}; the rollout's check-in rules ask it instead of knowing the dialects.
 *
 * @param confirming        the file that carries a release's settings: fetched under the release's UVC (or a newer
 *                          version of the device's own), it confirms the release
 * @param credentialsOnly   the file that confirms a release giving the device nothing but its Digest credentials,
 *                          where the dialect puts them in a file of their own that is then the only one it fetches;
 *                          {@code null} where they travel in the confirming file
 * @param fetched           the release's other files: fetched without the confirming one, the device started on the
 *                          release but has not finished; {@code <dir>/*.pem} names every certificate below the dir
 * @param firmwareFiles     the files that name or lead to a firmware image; empty where the platform gives the
 *                          dialect's devices no firmware
 * @param announcedFirmware the running firmware version in the family's User-Agent (group 1); {@code null} where its
 *                          requests do not say, so a complete download alone confirms an image
 */
public record CheckinFiles(String confirming, String credentialsOnly, Set<String> fetched, Set<String> firmwareFiles,
                           Pattern announcedFirmware) {

    private static final String ANY_PEM = "*.pem";

    public CheckinFiles {
        fetched = Set.copyOf(fetched);
        firmwareFiles = Set.copyOf(firmwareFiles);
    }

    /**
     * The file that confirms a release for a device.
     *
     * @param onlyCredentials whether the release gives the device its Digest credentials and no other parameter
     *                        ({@code ProfileContent.givesOnlyCredentials})
     */
    public String confirming(boolean onlyCredentials) {
        return onlyCredentials && credentialsOnly != null ? credentialsOnly : confirming;
    }

    /** Whether one of the files is a release file short of the confirming one. */
    public boolean anyFetched(Collection<String> files, boolean onlyCredentials) {
        String confirmingFile = confirming(onlyCredentials);
        return files.stream().anyMatch(file -> !file.equals(confirmingFile) && (fetched.contains(file)
                || file.equals(confirming) || anyCertificate(file)));
    }

    /** Whether the platform gives the dialect's devices firmware. */
    public boolean receivesFirmware() {
        return !firmwareFiles.isEmpty();
    }

    /** Whether the family names its running firmware in its requests. */
    public boolean announcesFirmware() {
        return announcedFirmware != null;
    }

    /** The firmware version the User-Agent announces, where it is one of this family's. */
    public Optional<String> firmwareVersion(String userAgent) {
        if (announcedFirmware == null || userAgent == null) {
            return Optional.empty();
        }
        Matcher matcher = announcedFirmware.matcher(userAgent);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private boolean anyCertificate(String file) {
        for (String name : fetched) {
            if (name.endsWith("/" + ANY_PEM)) {
                String dir = name.substring(0, name.length() - ANY_PEM.length());
                if (file.startsWith(dir) && file.endsWith(".pem") && file.length() > name.length() - 1) {
                    return true;
                }
            }
        }
        return false;
    }
}
