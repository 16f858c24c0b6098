package org.telprov.inventory.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * DHCP option 43 as the Auerswald provisioning document encodes options 66 and 67 in it: sub-option {@code 0x42}
 * carries option 66's text, {@code 0x43} option 67's, each as code, length and the text with a terminating NUL that
 * the length counts; written as colon-separated lower-case hex ({@code 42:0b:68:74:…:00:43:0c:…:00}).
 */
public final class VendorOption43 {

    /** The sub-option that carries option 66 (the server name). */
    public static final int SERVER_NAME = 0x42;
    /** The sub-option that carries option 67 (the boot file name). */
    public static final int BOOT_FILE = 0x43;
    /** A sub-option's length is one byte; it counts the text and its NUL. */
    public static final int MAX_SUB_OPTION_LENGTH = 255;

    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private VendorOption43() {
    }

    /**
     * The option's value as colon-separated hex.
     *
     * @param server   option 66's value, not empty
     * @param bootFile option 67's value; null or empty leaves sub-option {@code 0x43} out
     * @throws IllegalArgumentException for a value with a NUL in it or one too long for a sub-option
     */
    public static String hex(String server, String bootFile) {
        return format(bytes(server, bootFile));
    }

    /** The option's bytes as the document writes them: two lower-case hex digits each, separated by colons. */
    public static String format(byte[] option) {
        return HEX.formatHex(option);
    }

    /** Like {@link #hex}, as the option's bytes. */
    public static byte[] bytes(String server, String bootFile) {
        if (server == null || server.isEmpty()) {
            throw new IllegalArgumentException("option 66's value (sub-option 0x42) must not be empty");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        subOption(out, SERVER_NAME, "option 66", server);
        if (bootFile != null && !bootFile.isEmpty()) {
            subOption(out, BOOT_FILE, "option 67", bootFile);
        }
        return out.toByteArray();
    }

    private static void subOption(ByteArrayOutputStream out, int code, String carried, String text) {
        if (text.indexOf('\0') >= 0) {
            // the phone would read the text only up to it
            throw new IllegalArgumentException(carried + "'s value contains a NUL character");
        }
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        int length = value.length + 1;
        if (length > MAX_SUB_OPTION_LENGTH) {
            throw new IllegalArgumentException(String.format(
                    "%s's value is %d bytes: sub-option 0x%02x holds at most %d bytes and the terminating NUL",
                    carried, value.length, code, MAX_SUB_OPTION_LENGTH - 1));
        }
        out.write(code);
        out.write(length);
        out.writeBytes(value);
        out.write(0);
    }
}
