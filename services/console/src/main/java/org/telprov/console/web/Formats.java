package org.telprov.console.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write values for people; the {@code datetime} attributes keep the API's ISO-8601 instants. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** An instant to the second, in UTC: {@code {device.createdAt.display}}. */
    static String display(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }
}
