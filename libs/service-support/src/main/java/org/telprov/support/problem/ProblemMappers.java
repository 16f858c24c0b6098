package org.telprov.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every error a REST resource can raise into a problem+json answer, so clients never get an HTML page, an empty
 * body or a stack trace, and no input leads to a 500 that says more than "internal error".
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    // Quarkus maps its own subclass for @Valid parameters; naming it here takes precedence over that mapper.
    @ServerExceptionMapper
    public Response invalidParameters(ResteasyReactiveViolationException e) {
        return invalid(e);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "validation_failed", "Invalid request", detail).withErrors(errors));
    }

    // quarkus-rest-jackson has a mapper of its own for this subclass (unknown and mistyped fields).
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        String detail = field == null ? "the body is not valid JSON for this request"
                : "field '" + field + "' is unknown or has the wrong type";
        Problem problem = Problem.of(400, "malformed_body", "Malformed request body", detail);
        return respond(field == null ? problem : problem.withErrors(List.of(new Problem.FieldError(field, detail))));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadableBody) {
            // how Quarkus REST reports a body that is not JSON at all
            return unreadable(unreadableBody);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // how Quarkus REST reports a path or query parameter it could not convert (JAX-RS says 404); the client
            // sent a value of the wrong type, and the parameter's name is not carried
            return respond(Problem.of(400, "invalid_parameter", "Invalid request",
                    "a path or query parameter does not have its type (page and size are whole numbers)"));
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String code = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return respond(Problem.of(status, code, title, status >= 500 ? "internal error" : e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("Unhandled error while answering a request", e);
        return respond(Problem.of(500, "internal_error", "Internal error", "internal error"));
    }

    private static String field(ConstraintViolation<?> violation) {
        // "register.request.mac" → "mac": the method and body parameter names mean nothing to the client;
        // "get.name" → "name": a path or query parameter is named as the client sent it
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        if (parts.length == 2) {
            return parts[1];
        }
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
