package org.telprov.support.problem;

import org.telprov.events.MacAddress;

/** Parsing of request values that answers bad input with a problem naming the field. */
public final class Inputs {

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
}
