package org.telprov.inventory.dhcp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a phone family does with DHCP options, by the dialect names of docs/device-files.md: which URL markers it fills
 * in itself (a DHCP option is one value for every phone, so the phone must put its own MAC in), whether it reads
 * option 43 and whether it boots over TFTP.
 */
public enum DhcpFamily {

    /** The Gigaset documents name {@code %MACD} (in 1.1's Redirect step) and no other marker. */
    MAXWELL_10("maxwell-1.0", "Gigaset Maxwell (provisioning 1.0)", gigaset(), false, false),
    MAXWELL_11("maxwell-1.1", "Gigaset Maxwell (provisioning 1.1)", gigaset(), false, false),
    /** The Auerswald document: every marker of its own in any URL, options 66/67 combined or both in option 43. */
    AUERSWALD("auerswald", "Auerswald COMfortel", auerswald(), true, false),
    /** Plug-n-Dial names no marker: over TFTP the phone names its files by its MAC itself. */
    PLUG_N_DIAL("plug-n-dial", "Plug-n-Dial", Map.of(), false, true);

    /**
     * The markers tenants' URL templates may hold (redirect's {@code UrlTemplate}), {@code {mac_colons}} before
     * {@code {mac}} so the longer one is recognised first.
     */
    static final List<String> MARKERS =
            List.of("{mac_colons}", "{mac}", "<MACADR>", "%MACD", "{serial}", "<SERIAL>", "{type}", "<HWTYP>");

    private final String id;
    private final String title;
    private final Map<String, String> markers;
    private final boolean readsOption43;
    private final boolean bootsOverTftp;

    DhcpFamily(String id, String title, Map<String, String> markers, boolean readsOption43, boolean bootsOverTftp) {
        this.id = id;
        this.title = title;
        this.markers = markers;
        this.readsOption43 = readsOption43;
        this.bootsOverTftp = bootsOverTftp;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Whether the family reads options 66 and 67 from option 43's sub-options {@code 0x42} and {@code 0x43}. */
    public boolean readsOption43() {
        return readsOption43;
    }

    /** Whether the family names its files over TFTP itself, so option 66 naming the TFTP server is enough. */
    public boolean bootsOverTftp() {
        return bootsOverTftp;
    }

    /** The family's own text for a template marker, or empty when its phones cannot fill that marker in. */
    Optional<String> marker(String templateMarker) {
        return Optional.ofNullable(markers.get(templateMarker));
    }

    public static Optional<DhcpFamily> of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    private static Map<String, String> gigaset() {
        return Map.of("{mac}", "%MACD", "<MACADR>", "%MACD", "%MACD", "%MACD");
    }

    private static Map<String, String> auerswald() {
        // %MACD is the same value (upper case, no colons) as Auerswald's <MACADR>
        return Map.of("{mac}", "{mac}", "<MACADR>", "<MACADR>", "%MACD", "<MACADR>", "{serial}", "{serial}",
                "<SERIAL>", "<SERIAL>", "{type}", "{type}", "<HWTYP>", "<HWTYP>");
    }

    @Override
    public String toString() {
        return id;
    }
}
