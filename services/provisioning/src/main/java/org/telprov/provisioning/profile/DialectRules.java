package org.telprov.provisioning.profile;

import org.telprov.support.problem.ProblemException;

import java.util.List;
import java.util.Map;

/**
 * What a profile of one dialect may hold, checked when it is saved, so that a release never freezes something its
 * files cannot say (docs/device-files.md lists the rules). Each dialect's package implements it (as part of its
 * {@code DeviceDialect}); {@link ProfileService} finds them by {@link #dialect()}. Formats are
 * {@code validation_failed}; content a dialect has no file for (certificates, firmware, references, operations) is
 * {@code unsupported_in_dialect}.
 */
public interface DialectRules {

    /** The stored id the rules are for. */
    Dialect dialect();

    /** Whether its files can carry CA certificates. */
    default boolean carriesCertificates() {
        return false;
    }

    /** Whether its files can name a firmware image. */
    default boolean carriesFirmware() {
        return false;
    }

    /** Whether a profile may list extra reference URLs. */
    default boolean carriesReferences() {
        return false;
    }

    /** Whether a profile may carry operations on the device's settings (Auerswald's operations file). */
    default boolean carriesOperations() {
        return false;
    }

    /** Refuses certificates, firmware, references and operations the dialect has no file for. */
    default void contentKinds(ProfileRequest request) {
        if (!carriesCertificates() && request.certificates() != null && !request.certificates().isEmpty()) {
            throw unsupported(dialect(), "certificates", "certificates");
        }
        if (!carriesFirmware() && request.firmware() != null) {
            throw unsupported(dialect(), "a firmware reference", "firmware");
        }
        if (!carriesReferences() && request.references() != null && !request.references().isEmpty()) {
            throw unsupported(dialect(), "references", "references");
        }
        if (!carriesOperations() && request.operations() != null && !request.operations().isEmpty()) {
            throw unsupported(dialect(), "operations", "operations");
        }
    }

    /** Refuses a parameter name the dialect cannot write. */
    default void name(String name, String field) {
    }

    /** Whether {@link #value} can refuse anything (a kept secret is opened only then). */
    default boolean restrictsValues() {
        return false;
    }

    /** Refuses a (plain, opened) value the dialect cannot write. */
    default void value(String value, String field) {
    }

    /** Refuses parameters that cannot be written together, in the profile or with a device's overrides. */
    default void tree(List<ProfileContent.Parameter> parameters,
                      Map<String, List<ProfileContent.Parameter>> overrides) {
    }

    /** The extra reference URLs as stored; only a dialect that {@link #carriesReferences()} gets any. */
    default List<String> references(List<String> given) {
        return given == null ? List.of() : List.copyOf(given);
    }

    /**
     * The operations as stored, once each is one the dialect's file can carry; only a dialect that
     * {@link #carriesOperations()} gets any.
     */
    default List<ProfileContent.Operation> operations(List<ProfileRequest.OperationRequest> given) {
        return List.of();
    }

    static ProblemException invalid(String detail, String field) {
        return ProblemException.badRequest("validation_failed", detail, field);
    }

    static ProblemException unsupported(Dialect dialect, String what, String field) {
        return ProblemException.badRequest("unsupported_in_dialect", dialect + " files cannot carry " + what, field);
    }
}
