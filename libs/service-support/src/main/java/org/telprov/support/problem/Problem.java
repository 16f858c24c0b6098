package org.telprov.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code code} is a stable, machine-readable reason
 * ({@code invalid_mac}, {@code owned_by_other_tenant}, …) that clients switch on; {@code title} and {@code detail}
 * are for people. {@code extensions} are RFC 9457 extension members a problem type defines (e.g. the devices a
 * refused publish names), written as members of the problem object itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors,
                      @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input field: its name (or JSON path) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        extensions = extensions == null ? Map.of() : extensions;
    }

    public Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {
        this(type, title, status, detail, code, errors, Map.of());
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem("about:blank", title, status, detail, code, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, fieldErrors.isEmpty() ? null : List.copyOf(fieldErrors),
                extensions);
    }

    /** This problem with one more extension member; a member named like a standard one is refused. */
    public Problem with(String member, Object value) {
        if (java.util.Set.of("type", "title", "status", "detail", "code", "errors", "instance").contains(member)) {
            throw new IllegalArgumentException(member + " is a standard member");
        }
        Map<String, Object> members = new LinkedHashMap<>(extensions);
        members.put(member, value);
        return new Problem(type, title, status, detail, code, errors, members);
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }
}
