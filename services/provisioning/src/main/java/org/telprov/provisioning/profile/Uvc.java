package org.telprov.provisioning.profile;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Unique Version Control, the release stamp devices compare with the one they applied: {@code YYYY-MM-DD_HH:MM:SS}
 * in UTC. Strictly increasing per profile: {@link #next} is the current second, or one second after the last UVC
 * when that is not earlier.
 */
public final class Uvc {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd_HH:mm:ss");
    /** Where a UVC has a digit (9) and which separators it has elsewhere. */
    private static final String SHAPE = "9999-99-99_99:99:99";

    private Uvc() {
    }

    /** The UVC of the instant's second; written by hand for the years of four digits, as it is on the device path. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return FORMAT.format(t);
        }
        byte[] text = SHAPE.getBytes(StandardCharsets.US_ASCII);
        digits(text, 0, 4, t.getYear());
        digits(text, 5, 2, t.getMonthValue());
        digits(text, 8, 2, t.getDayOfMonth());
        digits(text, 11, 2, t.getHour());
        digits(text, 14, 2, t.getMinute());
        digits(text, 17, 2, t.getSecond());
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] text, int from, int length, int value) {
        for (int i = from + length - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The instant a UVC names; empty for text that is not one: not of the shape, or a date or time that does not exist
     * (February 30th, hour 24). Read by hand rather than with {@link #FORMAT}: every device request with a UVC in its
     * path is checked, and a formatter's parse allocated more than the rest of the request.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() != SHAPE.length()) {
            return Optional.empty();
        }
        for (int i = 0; i < SHAPE.length(); i++) {
            char c = text.charAt(i);
            if (SHAPE.charAt(i) == '9' ? c < '0' || c > '9' : c != SHAPE.charAt(i)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
                    number(text, 11, 2), number(text, 14, 2), number(text, 17, 2)).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }

    /**
     * The instant of the next UVC: now (to the second), or one second after the newest of the stamps it must follow
     * if now is not later (null stamps are ignored).
     */
    public static Instant next(Instant now, Instant... after) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        Instant last = newest(after);
        return last == null || second.isAfter(last) ? second : last.plusSeconds(1);
    }

    /** The newest of the stamps, null when all are. */
    static Instant newest(Instant... stamps) {
        return Stream.of(stamps).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
    }
}
