package org.telprov.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code code} is a stable, machine-readable reason
 * ({@code invalid_mac}, {@code owned_by_other_tenant}, …) that clients switch on; {@code title} and {@code detail}
 * are for people.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input field: its name (or JSON path) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("about:blank", title, status, detail, code, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, fieldErrors.isEmpty() ? null : List.copyOf(fieldErrors));
    }
}
