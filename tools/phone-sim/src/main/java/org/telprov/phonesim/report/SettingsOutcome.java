package org.telprov.phonesim.report;

/**
 * What a boot did about the phone's settings, decided as each family decides it: a new version (Maxwell 1.0's nvm
 * UVC, Maxwell 1.1's {@code System.Provision.SettingsVersion}), another {@code .md5} (Plug-n-Dial), a settings file
 * that is not the one it holds (Auerswald: no {@code 304} to its {@code If-None-Match}, or another ETag).
 */
public enum SettingsOutcome {
    /** The phone took settings it did not hold: it downloaded them (and a real phone would reboot into them). */
    DOWNLOADED("downloaded"),
    /** The phone found its settings current (same version, same MD5, {@code 304}) and kept what it held. */
    UNCHANGED("unchanged"),
    /** The boot ended before the phone decided about its settings, or it was given none. */
    NONE("none");

    private final String id;

    SettingsOutcome(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** One boot's outcome with another decision of it: a download anywhere in the boot wins over current files. */
    public SettingsOutcome and(SettingsOutcome other) {
        return this == DOWNLOADED || other == DOWNLOADED ? DOWNLOADED
                : this == UNCHANGED || other == UNCHANGED ? UNCHANGED : NONE;
    }

    @Override
    public String toString() {
        return id;
    }
}
