package org.telprov.events;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A device's Ethernet MAC address. Accepts {@code 90:1b:0e:56:c7:bc}, {@code 90-1B-0E-56-C7-BC} and
 * {@code 901b0e56c7bc}; its canonical text (used as Kafka key and in every store) is 12 lower-case hex digits.
 */
public record MacAddress(long value) {

    private static final long MAX = 0xFFFF_FFFF_FFFFL;

    public MacAddress {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not one of the accepted forms
     */
    public static MacAddress parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException(
                    "not a MAC address: expected 12 hex digits, optionally in pairs separated by ':' or '-'");
        }
        String digits = text.length() == 12 ? text : text.replace(":", "").replace("-", "");
        return new MacAddress(HexFormat.fromHexDigitsToLong(digits));
    }

    /**
     * True when {@link #parse} would accept the text: 12 ASCII hex digits, or 6 pairs of them separated by one kind of
     * separator, ':' or '-'. Checked by hand, not with a regular expression: every device request is.
     */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 12 && text.length() != 17) {
            return false;
        }
        char separator = text.length() == 17 ? text.charAt(2) : 0;
        if (text.length() == 17 && separator != ':' && separator != '-') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = separator != 0 && i % 3 == 2 ? c == separator
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 12 lower-case hex digits: {@code 901b0e56c7bc}. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(value).substring(4);
    }

    /** Upper case without separators, as Auerswald's {@code <MACADR>} and {@code {mac}} markers want it. */
    public String upperCase() {
        return toString().toUpperCase(Locale.ROOT);
    }

    /** Lower case with colons, as Gigaset Maxwell files carry it: {@code 90:1b:0e:56:c7:bc}. */
    public String colonSeparated() {
        String hex = toString();
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }
}
