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

    /** A full bar's width in pixels. */
    static final int BAR = 240;

    private Formats() {
    }

    /** The width of a chart's bar, in pixels of {@link #BAR}: {@code {count.bar(total)}}. */
    static long bar(Long count, Long total) {
        return total == null || total <= 0 || count == null ? 0 : Math.round(count * (double) BAR / total);
    }

    /** A count as a whole percentage of a total, for the tables beside the charts: {@code {count.percentOf(total)}}. */
    static String percentOf(Long count, Long total) {
        return total == null || total <= 0 || count == null ? "—" : Math.round(count * 100.0 / total) + " %";
    }

    /** A size in bytes as people read it (binary units), the exact bytes beside it in the pages. */
    static String bytes(Long size) {
        if (size == null) {
            return "";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = size;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? size + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** An instant to the second, in UTC: {@code {device.createdAt.display}}. */
    static String display(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }
}
