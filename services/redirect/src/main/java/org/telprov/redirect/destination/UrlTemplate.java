package org.telprov.redirect.destination;

import org.telprov.events.MacAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's provisioning URL template, expanded for one device with the markers the vendor documents define:
 * {@code {mac}}, {@code <MACADR>} and {@code %MACD} (upper case, no colons), {@code {mac_colons}} (lower case with
 * colons, as Gigaset Maxwell files write it), {@code {serial}} and {@code <SERIAL>}, {@code {type}} and
 * {@code <HWTYP>}. Serial and type are URL-encoded. An expansion that is not an absolute http(s) URL with a host,
 * without credentials and control characters is refused: a phone must never be sent anywhere else.
 *
 * <p>Compiled once per tenant ({@link #compile}) because every lookup expands one. For the templates inventory lets
 * through in practice (markers only after the host, no stray marker characters) the outcome of that check cannot
 * depend on the device, so it is made once and an expansion is a concatenation; any other template is expanded and
 * checked per device exactly as {@link #expand(String, MacAddress, String, String)} does.
 */
public final class UrlTemplate {

    private enum Marker {
        MAC, MAC_COLONS, SERIAL, TYPE
    }

    /** Marker texts, {@code {mac_colons}} before {@code {mac}} so the longer one is recognised first. */
    private static final List<String> TEXTS =
            List.of("{mac_colons}", "{mac}", "<MACADR>", "%MACD", "{serial}", "<SERIAL>", "{type}", "<HWTYP>");
    private static final List<Marker> KINDS = List.of(Marker.MAC_COLONS, Marker.MAC, Marker.MAC, Marker.MAC,
            Marker.SERIAL, Marker.SERIAL, Marker.TYPE, Marker.TYPE);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private final String template;
    /**
     * literals[i] precedes markers[i]; the last literal follows the last marker. Null for a template that is expanded
     * and checked per device; a compiled template has passed the check.
     */
    private final String[] literals;
    private final Marker[] markers;

    private UrlTemplate(String template, String[] literals, Marker[] markers) {
        this.template = template;
        this.literals = literals;
        this.markers = markers;
    }

    /** Prepares the template for many expansions. */
    public static UrlTemplate compile(String template) {
        List<String> literals = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        int firstMarker = -1;
        int from = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int marker = c == '{' || c == '<' || c == '%' ? markerAt(template, i) : -1;
            if (marker >= 0) {
                firstMarker = firstMarker < 0 ? i : firstMarker;
                literals.add(template.substring(from, i));
                markers.add(KINDS.get(marker));
                i += TEXTS.get(marker).length();
                from = i;
            } else if (c == '{' || c == '}' || c == '<' || c == '>' || c == '%') {
                // A character that could join a neighbouring value into a marker or an escape: check every expansion.
                return perDevice(template);
            } else {
                i++;
            }
        }
        literals.add(template.substring(from));
        // The expansion with sample values; values only add URL-safe characters ([A-Za-z0-9.*_+:-] and %XX escapes).
        StringBuilder sample = new StringBuilder();
        for (int m = 0; m < markers.size(); m++) {
            sample.append(literals.get(m)).append(markers.get(m) == Marker.MAC_COLONS ? "00:00:00:00:00:00" : "0");
        }
        String expanded = sample.append(literals.get(literals.size() - 1)).toString();
        Optional<URI> uri = check(expanded);
        if (uri.isEmpty()) {
            return perDevice(template);
        }
        // "scheme://authority": the values come after it, so they cannot change the scheme, the host or user info, and
        // in the path, query and fragment every character they add is allowed.
        int authorityEnd = uri.get().getScheme().length() + 3 + uri.get().getRawAuthority().length();
        if (firstMarker >= 0 && firstMarker < authorityEnd) {
            return perDevice(template);
        }
        return new UrlTemplate(template, literals.toArray(String[]::new), markers.toArray(Marker[]::new));
    }

    private static UrlTemplate perDevice(String template) {
        return new UrlTemplate(template, null, null);
    }

    /** The index in {@link #TEXTS} of the marker starting at the position, or -1. */
    private static int markerAt(String template, int position) {
        for (int m = 0; m < TEXTS.size(); m++) {
            if (template.startsWith(TEXTS.get(m), position)) {
                return m;
            }
        }
        return -1;
    }

    /**
     * @param mac the MAC's 48-bit value
     * @return the URL, or null when the expansion is refused
     */
    public String expand(long mac, String serial, String type) {
        if (literals == null) {
            return expand(template, new MacAddress(mac), serial, type).map(URI::toString).orElse(null);
        }
        StringBuilder url = new StringBuilder(template.length() + 48);
        for (int i = 0; i < markers.length; i++) {
            url.append(literals[i]);
            switch (markers[i]) {
                case MAC -> hex(url, mac, UPPER_HEX, false);
                case MAC_COLONS -> hex(url, mac, HEX, true);
                case SERIAL -> url.append(encode(serial));
                case TYPE -> url.append(encode(type));
            }
        }
        return url.append(literals[markers.length]).toString();
    }

    private static void hex(StringBuilder out, long mac, char[] digits, boolean colons) {
        for (int shift = 44; shift >= 0; shift -= 4) {
            out.append(digits[(int) (mac >>> shift) & 0xf]);
            if (colons && shift > 0 && shift % 8 == 0) {
                out.append(':');
            }
        }
    }

    /** The template's text. */
    @Override
    public String toString() {
        return template;
    }

    /**
     * Expands and checks one template for one device (what a compiled template does for every device).
     *
     * @return the URL, or empty when the expanded text is not an absolute http(s) URL without credentials and control
     *         characters
     */
    public static Optional<URI> expand(String template, MacAddress mac, String serial, String type) {
        String upper = mac.upperCase();
        String expanded = template
                .replace("{mac_colons}", mac.colonSeparated())
                .replace("{mac}", upper).replace("<MACADR>", upper).replace("%MACD", upper)
                .replace("{serial}", encode(serial)).replace("<SERIAL>", encode(serial))
                .replace("{type}", encode(type)).replace("<HWTYP>", encode(type));
        return check(expanded);
    }

    private static Optional<URI> check(String expanded) {
        if (expanded.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(expanded);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean safe = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
            return safe ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        if (value == null) {
            return "";
        }
        // most serials and model names need no encoding; URLEncoder would copy them all the same
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unchanged = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '*' || c == '_';
            if (!unchanged) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
