package org.telprov.firmware.download;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a representation, from a {@code Range} header as RFC 7233 defines it: {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}. Several ranges are not supported; such a header is ignored and
 * the whole body is sent, as the RFC allows.
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** What a Range header asks of a representation of the given length. */
    public sealed interface Request permits Whole, Partial, Unsatisfiable {
    }

    /** No usable Range header: send everything with 200. */
    public record Whole() implements Request {
    }

    /** Send this range with 206. */
    public record Partial(ByteRange range) implements Request {
    }

    /** A valid range that lies outside the representation: 416. */
    public record Unsatisfiable() implements Request {
    }

    public long length() {
        return last - first + 1;
    }

    /** The Content-Range value for this range of a representation of the given length. */
    public String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    public static Request parse(String header, long length) {
        if (header == null) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return new Whole();
        }
        Optional<Long> first = number(m.group(1));
        Optional<Long> last = number(m.group(2));
        if (first.isEmpty()) {
            long suffix = last.orElseThrow();
            if (suffix == 0 || length == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, length - suffix), length - 1));
        }
        if (last.isPresent() && last.get() < first.get()) {
            return new Whole(); // syntactically invalid: ignore the header
        }
        if (first.get() >= length) {
            return new Unsatisfiable();
        }
        long end = last.map(l -> Math.min(l, length - 1)).orElse(length - 1);
        return new Partial(new ByteRange(first.get(), end));
    }

    private static Optional<Long> number(String digits) {
        return digits.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(digits));
    }
}
