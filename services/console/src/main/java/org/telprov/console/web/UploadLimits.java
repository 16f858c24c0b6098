package org.telprov.console.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.console.ConsoleConfig;

/**
 * Refuses a multipart form larger than the CSV import takes before anything reads it: Quarkus spools a multipart body
 * to /tmp whole before the page sees it, and the console's body limit is as large as a firmware image (which is not
 * multipart: {@link FirmwarePages} streams it on). The answer is a sentence; the import's script shows it.
 */
@ApplicationScoped
public class UploadLimits {

    /** Before Quarkus' body-size handler, body handler and REST layer. */
    static final int ORDER = -100;
    /** Room for the form's boundaries and headers around the file. */
    private static final long FORM_OVERHEAD = 64 * 1024;

    private final ConsoleConfig config;

    public UploadLimits(ConsoleConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = config.importMaxSize().asLongValue();
        boolean multipart = type != null && type.toLowerCase().startsWith("multipart/");
        // browsers send a form's length; a chunked one is bounded by the body limit only
        if (context.request().method() == HttpMethod.POST && multipart && length != null
                && over(length, max + FORM_OVERHEAD)) {
            refuse(context, 413, "The file is larger than the inventory API imports (" + Formats.bytes(max) + ").");
        } else {
            context.next();
        }
    }

    /** Answers without reading the body, and closes the connection: what the browser still sends is not read. */
    private static void refuse(RoutingContext context, int status, String sentence) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(sentence);
    }

    private static boolean over(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
