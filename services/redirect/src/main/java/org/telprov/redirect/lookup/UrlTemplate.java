package org.telprov.redirect.lookup;

import org.telprov.events.MacAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Expands a tenant's provisioning URL template for one device, with the markers the vendor documents define:
 * {@code {mac}}, {@code <MACADR>} and {@code %MACD} (upper case, no colons), {@code {mac_colons}} (lower case with
 * colons, as Gigaset Maxwell files write it), {@code {serial}} and {@code <SERIAL>}, {@code {type}} and
 * {@code <HWTYP>}.
 */
public final class UrlTemplate {

    private UrlTemplate() {
    }

    /**
     * @return the URL, or empty when the expanded text is not an absolute http(s) URL without credentials and control
     *         characters: a phone must never be sent anywhere else
     */
    public static Optional<URI> expand(String template, MacAddress mac, String serial, String type) {
        String upper = mac.upperCase();
        String expanded = template
                .replace("{mac_colons}", mac.colonSeparated())
                .replace("{mac}", upper).replace("<MACADR>", upper).replace("%MACD", upper)
                .replace("{serial}", encode(serial)).replace("<SERIAL>", encode(serial))
                .replace("{type}", encode(type)).replace("<HWTYP>", encode(type));
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
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
