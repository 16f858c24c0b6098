package org.telprov.support.problem;

import org.telprov.events.MacAddress;

/** Parsing of request values that answers bad input with a problem naming the field. */
public final class Inputs {

    public static final int MAX_PAGE_SIZE = 500;

    private Inputs() {
    }

    /**
     * @throws ProblemException 400 {@code invalid_mac} naming the field
     */
    public static MacAddress mac(String text, String field) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_mac", e.getMessage(), field);
        }
    }

    /** A page number from a query parameter: 0 when absent. */
    public static int page(Integer page) {
        if (page != null && page < 0) {
            throw ProblemException.badRequest("invalid_parameter", "page must be 0 or more", "page");
        }
        return page == null ? 0 : page;
    }

    /** A page size from a query parameter: 50 when absent, at most {@link #MAX_PAGE_SIZE}. */
    public static int size(Integer size) {
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw ProblemException.badRequest("invalid_parameter", "size must be between 1 and " + MAX_PAGE_SIZE, "size");
        }
        return size == null ? 50 : size;
    }
}
