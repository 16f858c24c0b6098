package org.telprov.phonesim;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a phone booting from DHCP finds its provisioning URL, read as the Auerswald document describes it: option 66
 * (server name) and 67 (boot file name) joined with a {@code /} where neither has one, or both from option 43, whose
 * sub-option {@code 0x42} carries option 66's text and {@code 0x43} option 67's, each with a length that counts the
 * terminating NUL. Decoded here independently of the inventory service that encodes them, so a test of one checks
 * the other.
 *
 * @param source which options the values came from, for the phone's report
 */
public record DhcpOptions(String option66, String option67, String source) {

    private static final int SERVER_NAME = 0x42;
    private static final int BOOT_FILE = 0x43;
    private static final int PAD = 0x00;
    private static final int END = 0xff;

    /** Options 66 and 67 as the DHCP server sent them; 67 may be null. */
    public static DhcpOptions of(String option66, String option67) {
        if (option66 == null || option66.isEmpty()) {
            throw new IllegalArgumentException("option 66 is empty");
        }
        return new DhcpOptions(option66, option67 == null || option67.isEmpty() ? null : option67,
                option67 == null ? "DHCP option 66" : "DHCP options 66 and 67");
    }

    /**
     * Option 43 as hex (colon-separated as the document writes it, or plain): sub-options {@code 0x42} and
     * {@code 0x43}, others skipped, PAD and END as RFC 2132 has them for encapsulated vendor options.
     *
     * @throws IllegalArgumentException for bad hex, a sub-option running past the end, a value without its NUL or with
     *                                  one inside, or no sub-option {@code 0x42}
     */
    public static DhcpOptions fromOption43(String hex) {
        byte[] bytes = bytes(hex);
        String server = null;
        String file = null;
        int i = 0;
        while (i < bytes.length) {
            int code = bytes[i] & 0xff;
            if (code == PAD) {
                i++;
                continue;
            }
            if (code == END) {
                break;
            }
            if (i + 1 >= bytes.length) {
                throw new IllegalArgumentException(String.format("option 43: sub-option 0x%02x at byte %d has no "
                        + "length", code, i));
            }
            int length = bytes[i + 1] & 0xff;
            int start = i + 2;
            if (start + length > bytes.length) {
                throw new IllegalArgumentException(String.format("option 43: sub-option 0x%02x at byte %d says %d "
                        + "bytes, %d follow", code, i, length, bytes.length - start));
            }
            if (code == SERVER_NAME) {
                server = text(code, bytes, start, length);
            } else if (code == BOOT_FILE) {
                file = text(code, bytes, start, length);
            }
            i = start + length;
        }
        if (server == null || server.isEmpty()) {
            throw new IllegalArgumentException("option 43 has no sub-option 0x42 (option 66's value)");
        }
        return new DhcpOptions(server, file == null || file.isEmpty() ? null : file, "DHCP option 43");
    }

    /** Option 66 and 67 joined: a {@code /} inserted where neither has one. */
    public String url() {
        if (option67 == null) {
            return option66;
        }
        return option66.endsWith("/") || option67.startsWith("/") ? option66 + option67 : option66 + "/" + option67;
    }

    /**
     * The URL the phone boots from, markers still in.
     *
     * @throws IllegalArgumentException when option 66 names a TFTP server rather than an http(s) URL: the simulator
     *                                  speaks HTTP only
     */
    public String provisioningUrl() {
        String lower = option66.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("option 66 '" + option66 + "' names a TFTP server, not an http(s) "
                    + "URL; the simulator boots over HTTP only");
        }
        return url();
    }

    private static String text(int code, byte[] bytes, int start, int length) {
        if (length == 0 || bytes[start + length - 1] != 0) {
            throw new IllegalArgumentException(String.format("option 43: sub-option 0x%02x does not end with the NUL "
                    + "its length counts", code));
        }
        for (int i = start; i < start + length - 1; i++) {
            if (bytes[i] == 0) {
                throw new IllegalArgumentException(String.format("option 43: sub-option 0x%02x has a NUL inside",
                        code));
            }
        }
        return new String(bytes, start, length - 1, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String hex) {
        String digits = hex.trim().replace(":", "").replace(" ", "");
        if (digits.isEmpty() || digits.length() % 2 != 0) {
            throw new IllegalArgumentException("option 43 must be hex bytes, e.g. 42:0b:68:74:...");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option 43 must be hex bytes, e.g. 42:0b:68:74:...: " + e.getMessage());
        }
    }
}
