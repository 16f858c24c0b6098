package org.telprov.provisioning.profile;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    private Uvc() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.atOffset(ZoneOffset.UTC));
    }

    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() != 19) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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
