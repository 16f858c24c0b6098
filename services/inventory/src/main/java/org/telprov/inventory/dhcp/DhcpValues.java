package org.telprov.inventory.dhcp;

import org.telprov.support.problem.Problem;
import org.telprov.support.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The option values that send a family's phones to a tenant's provisioning URL: the template with the markers in the
 * family's own words, cut into option 66 (scheme and host) and 67 (the rest, without its first {@code /}), which the
 * phone joins again with a {@code /} where missing; option 43 with both for the families that read it; for phones
 * that boot over TFTP, option 66 naming the TFTP server.
 *
 * @param url      what the phone puts together from the options, markers still in (a {@code tftp://} URL over TFTP)
 * @param option67 null when the phone needs none
 * @param option43 null when the family does not read it, or the two values do not fit in one DHCP option
 * @param notes    why option 43 is missing, if it is
 */
public record DhcpValues(String url, String option66, String option67, String option43, List<String> notes) {

    /** A DHCP option's length is one byte. */
    static final int MAX_OPTION_LENGTH = 255;

    /** How the phone reaches its files. */
    public enum Transport {
        HTTP, TFTP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param template   the tenant's provisioning URL template (an absolute http(s) URL, as inventory checked it)
     * @param tftpServer the configured TFTP server, else the template's host is used
     * @throws ProblemException 422 {@code unsupported_marker} when the template holds a marker the family's phones
     *                          cannot fill in, 422 {@code dhcp_option_too_long} when option 66 or 67 would exceed a
     *                          DHCP option
     */
    public static DhcpValues of(String template, DhcpFamily family, Transport transport, Optional<String> tftpServer) {
        return transport == Transport.TFTP ? tftp(template, tftpServer) : http(template, family);
    }

    private static DhcpValues http(String template, DhcpFamily family) {
        String url = translate(template, family);
        int pathStart = pathStart(url);
        String server = pathStart < 0 ? url : url.substring(0, pathStart);
        String rest = pathStart < 0 ? "" : url.substring(pathStart);
        String file = rest.startsWith("/") ? rest.substring(1) : rest;
        fits("66", server);
        fits("67", file);
        String option67 = file.isEmpty() ? null : file;
        List<String> notes = new ArrayList<>();
        String option43 = family.readsOption43() ? option43(server, option67, notes) : null;
        return new DhcpValues(join(server, option67), server, option67, option43, List.copyOf(notes));
    }

    /** Option 43 with both values, or null and a note saying why when they do not fit in it. */
    private static String option43(String server, String file, List<String> notes) {
        byte[] encoded;
        try {
            encoded = VendorOption43.bytes(server, file);
        } catch (IllegalArgumentException e) {
            notes.add("No option 43: " + e.getMessage() + "; use options 66 and 67.");
            return null;
        }
        if (encoded.length > MAX_OPTION_LENGTH) {
            notes.add("No option 43: both values need " + encoded.length + " bytes, a DHCP option holds "
                    + MAX_OPTION_LENGTH + "; use options 66 and 67.");
            return null;
        }
        return VendorOption43.format(encoded);
    }

    private static DhcpValues tftp(String template, Optional<String> tftpServer) {
        String server = tftpServer.orElseGet(() -> host(template));
        fits("66", server);
        return new DhcpValues("tftp://" + server + "/", server, null, null, List.of());
    }

    /** Option 66 and 67 joined as the phones do: a {@code /} inserted where neither has one. */
    static String join(String server, String file) {
        if (file == null || file.isEmpty()) {
            return server;
        }
        return server.endsWith("/") || file.startsWith("/") ? server + file : server + "/" + file;
    }

    /** The template with each marker in the family's words, or a problem naming those it has none for. */
    static String translate(String template, DhcpFamily family) {
        StringBuilder out = new StringBuilder(template.length());
        Set<String> unsupported = new LinkedHashSet<>();
        int i = 0;
        while (i < template.length()) {
            String marker = markerAt(template, i);
            if (marker == null) {
                out.append(template.charAt(i++));
                continue;
            }
            Optional<String> own = family.marker(marker);
            if (own.isEmpty()) {
                unsupported.add(marker);
            }
            out.append(own.orElse(marker));
            i += marker.length();
        }
        if (!unsupported.isEmpty()) {
            String tftp = family.bootsOverTftp() ? "; use transport=tftp" : "";
            throw new ProblemException(Problem.of(422, "unsupported_marker", "Unsupported marker",
                    "the tenant's provisioningUrlTemplate holds " + String.join(", ", unsupported) + ", which "
                            + family.title() + " phones cannot fill in from a DHCP option" + tftp)
                    .with("markers", List.copyOf(unsupported)));
        }
        return out.toString();
    }

    private static String markerAt(String template, int position) {
        for (String marker : DhcpFamily.MARKERS) {
            if (template.startsWith(marker, position)) {
                return marker;
            }
        }
        return null;
    }

    /** Where the path, query or fragment starts after {@code scheme://authority}, or -1. */
    private static int pathStart(String url) {
        int authority = url.indexOf("://") + 3;
        for (int i = authority; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** The template's host without port: TFTP has its own (69), which DHCP cannot name. */
    private static String host(String template) {
        int authorityStart = template.indexOf("://") + 3;
        int end = pathStart(template);
        String authority = template.substring(authorityStart, end < 0 ? template.length() : end);
        if (DhcpFamily.MARKERS.stream().anyMatch(authority::contains)) {
            throw new ProblemException(Problem.of(422, "unsupported_marker", "Unsupported marker",
                    "the host of the tenant's provisioningUrlTemplate holds a marker, so it names no TFTP server; "
                            + "set telprov.inventory.dhcp.tftp-server"));
        }
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int port = authority.lastIndexOf(':');
        return port < 0 ? authority : authority.substring(0, port);
    }

    private static void fits(String option, String value) {
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_OPTION_LENGTH) {
            throw new ProblemException(Problem.of(422, "dhcp_option_too_long", "DHCP option too long",
                    "option " + option + " would be " + length + " bytes; a DHCP option holds " + MAX_OPTION_LENGTH)
                    .with("option", Integer.parseInt(option)));
        }
    }
}
