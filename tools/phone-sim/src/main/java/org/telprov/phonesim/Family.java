package org.telprov.phonesim;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The phone families the simulator can behave like, by the dialect names of docs/device-files.md. */
public enum Family {
    MAXWELL_1_0("maxwell-1.0"),
    MAXWELL_1_1("maxwell-1.1"),
    AUERSWALD("auerswald"),
    PLUG_N_DIAL("plug-n-dial");

    private final String id;

    Family(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Family of(String id) {
        return Arrays.stream(values())
                .filter(f -> f.id.equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown family '" + id + "', expected one of "
                        + Arrays.stream(values()).map(Family::id).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
