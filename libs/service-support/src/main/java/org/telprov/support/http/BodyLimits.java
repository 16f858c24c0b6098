package org.telprov.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.support.problem.Problem;

import java.util.Optional;

/**
 * Refuses oversize request bodies before anything reads them, with a problem+json answer: Quarkus' own
 * {@code quarkus.http.limits.max-body-size} check answers a bare 413. JSON bodies have a limit of their own
 * ({@code telprov.http.max-json-body-size}), because a service whose uploads may be large (firmware) must not let an API
 * call buffer gigabytes of JSON; a JSON body without a declared length is refused (411) for the same reason.
 */
@ApplicationScoped
public class BodyLimits {

    /** Before Quarkus' body-size handler (order -2), the body handler and the REST layer. */
    static final int ORDER = -100;

    private final long maxBody;
    private final long maxJsonBody;
    private final ObjectMapper json;

    public BodyLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody,
                      @ConfigProperty(name = "telprov.http.max-json-body-size", defaultValue = "1M") MemorySize maxJsonBody,
                      ObjectMapper json) {
        this.maxBody = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.maxJsonBody = Math.min(this.maxBody, maxJsonBody.asLongValue());
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean isJson = contentType != null && contentType.toLowerCase().contains("json");
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            if (isJson && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                refuse(context, Problem.of(411, "length_required", "Length Required",
                        "JSON bodies need a Content-Length header (at most " + maxJsonBody + " bytes)"));
                return;
            }
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            refuse(context, Problem.of(400, "invalid_content_length", "Bad Request",
                    "Content-Length is not a number"));
            return;
        }
        long limit = isJson ? maxJsonBody : maxBody;
        if (length > limit) {
            refuse(context, Problem.of(413, "body_too_large", "Content Too Large",
                    "the body has " + length + " bytes; this endpoint takes at most " + limit
                            + (isJson ? " bytes of JSON" : " bytes")));
            return;
        }
        context.next();
    }

    /** Answers without reading the body, and closes the connection: what the client still sends is not read. */
    private void refuse(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
        boolean http1 = context.request().version() != HttpVersion.HTTP_2;
        if (http1) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body)
                .onComplete(done -> {
                    if (http1) {
                        context.request().connection().close();
                    }
                });
    }
}
