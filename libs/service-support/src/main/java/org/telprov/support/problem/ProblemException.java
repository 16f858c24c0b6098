package org.telprov.support.problem;

import java.util.List;

/** Thrown by services to answer with a problem detail: the status, a stable code and what went wrong. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String code, String title, String detail) {
        this(Problem.of(status, code, title, detail));
    }

    public static ProblemException badRequest(String code, String detail, String field) {
        return new ProblemException(Problem.of(400, code, "Invalid request", detail)
                .withErrors(List.of(new Problem.FieldError(field, detail))));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not_found", "Not found", what + " does not exist");
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    /** For a problem built with more than the factories give, e.g. {@link Problem#with extension members}. */
    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
