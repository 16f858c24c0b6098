package org.telprov.provisioning.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The file language a profile's devices speak; frozen in each release, it decides which files under
 * {@code /prov/<mac>/} a device gets (docs/device-files.md) and what a profile of it may hold.
 */
public enum Dialect {

    MAXWELL_10("maxwell-1.0", true, true, false),
    MAXWELL_11("maxwell-1.1", false, false, false),
    AUERSWALD("auerswald", false, false, true),
    PLUG_N_DIAL("plug-n-dial", false, true, false);

    /** The ids, for request validation. */
    public static final String PATTERN = "maxwell-1\\.0|maxwell-1\\.1|auerswald|plug-n-dial";
    public static final Dialect DEFAULT = MAXWELL_10;

    private final String id;
    private final boolean certificates;
    private final boolean firmware;
    private final boolean references;

    Dialect(String id, boolean certificates, boolean firmware, boolean references) {
        this.id = id;
        this.certificates = certificates;
        this.firmware = firmware;
        this.references = references;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException for an unknown id
     */
    @JsonCreator
    public static Dialect of(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dialect " + id));
    }

    /** Whether its files can carry CA certificates (Maxwell 1.0's custom category). */
    public boolean carriesCertificates() {
        return certificates;
    }

    /** Whether its files can name a firmware image. */
    public boolean carriesFirmware() {
        return firmware;
    }

    /** Whether a profile may list extra reference URLs (Auerswald's reference file). */
    public boolean carriesReferences() {
        return references;
    }

    @Override
    public String toString() {
        return id;
    }
}
