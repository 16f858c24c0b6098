package org.telprov.provisioning.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The file language a profile's devices speak, as stored; frozen in each release, it decides which files under
 * {@code /prov/<mac>/} a device gets (docs/device-files.md) and what a profile of it may hold. Everything else about a
 * dialect (file names, save-time rules, renderers, URLs) lives in its package under
 * {@code org.telprov.provisioning.dialect}; a constant here, with its id in {@link #PATTERN}, registers it.
 */
public enum Dialect {

    MAXWELL_10("maxwell-1.0"),
    MAXWELL_11("maxwell-1.1"),
    AUERSWALD("auerswald"),
    PLUG_N_DIAL("plug-n-dial");

    /** The ids, for request validation. */
    public static final String PATTERN = "maxwell-1\\.0|maxwell-1\\.1|auerswald|plug-n-dial";
    public static final Dialect DEFAULT = MAXWELL_10;

    private final String id;

    Dialect(String id) {
        this.id = id;
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

    @Override
    public String toString() {
        return id;
    }
}
