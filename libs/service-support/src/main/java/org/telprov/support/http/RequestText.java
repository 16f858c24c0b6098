package org.telprov.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.Problem;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, before any route or resource sees it, a request whose path segments or query parameters do not decode to
 * clean text: invalid percent-encoding, invalid UTF-8, or a control character (PostgreSQL refuses a NUL in text, which
 * used to surface as a 500, and no identifier of the platform contains one; a query value may hold line breaks and
 * tabs, for multi-line text such as release notes). It runs for JAX-RS resources and plain
 * Vert.x routes alike. Partner and operator paths ({@code /api/}, {@code /q/}) answer a 400 problem naming the
 * parameter; device-facing paths answer the empty 404 they give everything they do not serve.
 */
@ApplicationScoped
public class RequestText {

    /** Before {@link BodyLimits}: a request with an unreadable target is refused whatever its body. */
    static final int ORDER = -110;

    private final ObjectMapper json;

    public RequestText(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        Optional<Problem.FieldError> error = firstError(context.request().path(), context.request().query());
        if (error.isEmpty()) {
            context.next();
            return;
        }
        String path = context.request().path();
        if (path != null && (path.startsWith("/api/") || path.startsWith("/q/"))) {
            Problem problem = Problem.of(400, "invalid_parameter", "Invalid request", error.get().message())
                    .withErrors(List.of(error.get()));
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a Problem always serialises", e);
            }
            context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
        } else {
            context.response().setStatusCode(404).end();
        }
    }

    /** The first path segment or query parameter that is not clean text, as a field error; empty when all are. */
    static Optional<Problem.FieldError> firstError(String rawPath, String rawQuery) {
        // Every request passes here, device lookups at tens of thousands a second: a path without escapes or control
        // characters (nearly all of them) is clean as a whole, without splitting it.
        if (rawPath != null && (rawPath.indexOf('%') >= 0 || Inputs.hasControlCharacter(rawPath))) {
            for (String segment : rawPath.split("/", -1)) {
                String why = problemOf(segment, false);
                if (why != null) {
                    return Optional.of(new Problem.FieldError("path", "a path segment " + why));
                }
            }
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String nameProblem = problemOf(rawName, true);
                if (nameProblem != null) {
                    return Optional.of(new Problem.FieldError("query", "a query parameter name " + nameProblem));
                }
                String name = decode(rawName, true);
                String valueProblem = eq < 0 ? null : problemOf(pair.substring(eq + 1), true);
                if (valueProblem != null) {
                    return Optional.of(new Problem.FieldError(name, name + " " + valueProblem));
                }
            }
        }
        return Optional.empty();
    }

    private static String problemOf(String raw, boolean query) {
        String text;
        try {
            text = decode(raw, query);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        // A query value may be multi-line text (firmware's release notes): tabs and line breaks pass here, and each
        // parameter's own rule decides whether it takes them. Nothing else does, and no path segment takes any.
        String checked = query ? text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ') : text;
        return Inputs.hasControlCharacter(checked) ? "contains a control character" : null;
    }

    /** Strict percent-decoding: a malformed escape or bytes that are not UTF-8 are refused, never replaced. */
    static String decode(String raw, boolean query) {
        if (raw.indexOf('%') < 0 && !(query && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("has an invalid percent-encoding");
                }
                bytes.put((byte) ((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16)));
                i += 2;
            } else if (query && c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not valid UTF-8");
        }
    }
}
