package org.telprov.provisioning.file;

import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.RenderedFile;

import java.util.List;

/**
 * What the device path answers, before it is written: a status, the few headers device answers carry, a body only for
 * a served file, and the tags it is counted by ({@code telprov_provisioning_files_total}).
 *
 * @param dialect    the release's dialect, {@code null} when the answer came before one was known
 * @param file       the file's name as check-ins know it, {@code null} when the URL named none
 * @param challenges the {@code WWW-Authenticate} values of a 401, in order
 */
public record DeviceAnswer(int status, Outcome outcome, Dialect dialect, String file, String contentType, String etag,
                           String cacheControl, String location, List<String> challenges, byte[] body) {

    /** How a device request ended; the {@code outcome} tag. */
    public enum Outcome {
        OK, NOT_MODIFIED, REDIRECT, UNAUTHORIZED, NOT_FOUND, LIMITED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final DeviceAnswer NOT_FOUND = new DeviceAnswer(404, Outcome.NOT_FOUND, null, null, null, null,
            null, null, List.of(), null);
    private static final DeviceAnswer LIMITED = new DeviceAnswer(429, Outcome.LIMITED, null, null, null, null, null,
            null, List.of(), null);

    /** The empty 404 of everything a device does not get. */
    public static DeviceAnswer notFound() {
        return NOT_FOUND;
    }

    /** The empty 404 once the release's dialect and the file are known, counted under them. */
    public static DeviceAnswer notFound(Dialect dialect, String file) {
        return new DeviceAnswer(404, Outcome.NOT_FOUND, dialect, file, null, null, null, null, List.of(), null);
    }

    /** The redirect service's answer to a prober: 429 with an empty body. */
    public static DeviceAnswer limited() {
        return LIMITED;
    }

    static DeviceAnswer served(Dialect dialect, String file, RenderedFile served) {
        return new DeviceAnswer(200, Outcome.OK, dialect, file, served.contentType(), served.etag(), "no-cache", null,
                List.of(), served.body());
    }

    static DeviceAnswer notModified(Dialect dialect, String file, String etag) {
        return new DeviceAnswer(304, Outcome.NOT_MODIFIED, dialect, file, null, etag, "no-cache", null, List.of(),
                null);
    }

    static DeviceAnswer refused(Dialect dialect, String file, List<String> challenges) {
        return new DeviceAnswer(401, Outcome.UNAUTHORIZED, dialect, file, null, null, "no-store", null, challenges,
                null);
    }

    static DeviceAnswer found(Dialect dialect, String file, String location) {
        return new DeviceAnswer(302, Outcome.REDIRECT, dialect, file, null, null, "no-store", location, List.of(),
                null);
    }
}
