package org.telprov.redirect.lookup;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.redirect.RedirectConfig;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the MAC where phones put it: a path segment (bare, or shaped like the file names provisioning clients ask
 * for, e.g. {@code 805ec0123456.cfg} or {@code snom720-000413A1B2C3.htm}), a {@code mac} query parameter, or the
 * {@code User-Agent} (per vendor family, patterns from {@link RedirectConfig#families()}).
 */
@ApplicationScoped
public class DeviceMacs {

    /** What {@link #fromPath} and {@link #fromUserAgent} return when there is no MAC (a MAC is never negative). */
    public static final long NONE = -1;

    private static final String MAC = "[0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}";
    /** An optional model prefix ({@code snom720-}) and an optional file extension around the MAC. */
    private static final Pattern FILE = Pattern.compile(
            "(?:[A-Za-z0-9_]{1,32}-)?(?<mac>" + MAC + ")(?:\\.(?:cfg|xml|htm|html|boot|txt))?");
    private static final Set<String> EXTENSIONS = Set.of(".cfg", ".xml", ".htm", ".html", ".boot", ".txt");

    private final List<Pattern> userAgents;

    public DeviceMacs(RedirectConfig config) {
        this.userAgents = config.families().values().stream()
                .flatMap(family -> family.userAgent().stream())
                .map(Pattern::compile)
                .toList();
    }

    /** The MAC in a path segment as its 48-bit value, or {@link #NONE} when the segment carries none. */
    public long fromPath(String segment) {
        if (segment == null) {
            return NONE;
        }
        // the common cases, 12 hex digits alone or before a file extension, without a regular expression
        if (segment.length() >= 12) {
            long value = hex(segment);
            if (value >= 0 && (segment.length() == 12 || EXTENSIONS.contains(segment.substring(12)))) {
                return value;
            }
        }
        Matcher matcher = FILE.matcher(segment);
        return matcher.matches() ? MacAddress.parse(matcher.group("mac")).value() : NONE;
    }

    /** The MAC the first matching vendor pattern finds in the agent as its 48-bit value, or {@link #NONE}. */
    public long fromUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return NONE;
        }
        for (Pattern pattern : userAgents) {
            Matcher matcher = pattern.matcher(userAgent);
            if (matcher.find() && MacAddress.isValid(matcher.group("mac"))) {
                return MacAddress.parse(matcher.group("mac")).value();
            }
        }
        return NONE;
    }

    /** The value of the first 12 characters as hex digits, or -1. */
    private static long hex(String digits) {
        long value = 0;
        for (int i = 0; i < 12; i++) {
            char c = digits.charAt(i);
            // ASCII only: Character.digit would also take other scripts' digits
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
