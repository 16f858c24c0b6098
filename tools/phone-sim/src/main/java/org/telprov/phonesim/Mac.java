package org.telprov.phonesim;

import java.util.Locale;

/** A device MAC address as a number, with the spellings the families put into URLs and headers. */
public record Mac(long value) {

    private static final long MAX = 0xFFFF_FFFF_FFFFL;

    public Mac {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("a MAC has 48 bits");
        }
    }

    /** Accepts 12 hex digits, bare or in pairs/quads separated by ':', '-' or '.'. */
    public static Mac parse(String text) {
        String digits = text == null ? "" : text.trim().replaceAll("[:.\\-]", "");
        if (!digits.matches("[0-9A-Fa-f]{12}")) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        return new Mac(Long.parseLong(digits, 16));
    }

    /** The MAC after this one, for consecutive fleets. */
    public Mac next() {
        return new Mac(value + 1);
    }

    /** {@code 7c2f80c0ffee} */
    public String lower() {
        // not String.format: a storm spells every phone's MAC several times, and the formatter showed in its profile
        String hex = Long.toHexString(value);
        return "0".repeat(12 - hex.length()) + hex;
    }

    /** {@code 7C2F80C0FFEE}, Gigaset's %MACD and Auerswald's {@code <MACADR>} */
    public String upper() {
        return lower().toUpperCase(Locale.ROOT);
    }

    /** {@code 7c:2f:80:c0:ff:ee}, the form of Maxwell's nvm/updates.xml */
    public String colonLower() {
        String hex = lower();
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return colonLower();
    }
}
