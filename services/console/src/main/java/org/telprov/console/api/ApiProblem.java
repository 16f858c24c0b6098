package org.telprov.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem a service answered, as the console shows it: a readable message for the page and one per field
 * the problem names in {@code errors[].field}, so a form can put each next to its control.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final Body body;

    /** The members of a problem+json body the console reads; anything else is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(String title, Integer status, String detail, String code, List<FieldError> errors) {
    }

    /** One invalid field and what is wrong with it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FieldError(String field, String message) {
    }

    public ApiProblem(int status, Body body) {
        super(status + " " + (body == null ? "" : body.detail()));
        this.status = status;
        this.body = body == null ? new Body(null, status, null, null, List.of()) : body;
    }

    public int status() {
        return status;
    }

    public String code() {
        return body.code();
    }

    /** The sentence for the top of the page: the problem's detail, else its title, else the HTTP status. */
    public String message() {
        if (status == 401) {
            return "Your session has ended; log in again.";
        }
        if (status == 403) {
            return body.detail() != null ? "Not allowed: " + body.detail() : "Not allowed for your role.";
        }
        if (body.detail() != null && !body.detail().isBlank()) {
            return body.detail();
        }
        if (body.title() != null && !body.title().isBlank()) {
            return body.title();
        }
        return "The service answered " + status + ".";
    }

    /**
     * The message for each field the problem names, by field name; a field named with an index ({@code labels[2]})
     * counts for its control ({@code labels}).
     */
    public Map<String, String> fieldMessages() {
        Map<String, String> messages = new LinkedHashMap<>();
        if (body.errors() != null) {
            for (FieldError error : body.errors()) {
                if (error.field() == null) {
                    continue;
                }
                String control = error.field().replaceAll("\\[\\d+]$", "");
                messages.merge(control, error.message(), (a, b) -> a + "; " + b);
            }
        }
        return messages;
    }
}
