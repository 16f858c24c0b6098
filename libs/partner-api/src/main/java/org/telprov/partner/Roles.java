package org.telprov.partner;

/**
 * The realm roles the partner APIs know, as {@code @RolesAllowed} names them: one place, so that a role is never
 * misspelt in one resource.
 */
public final class Roles {

    /** Runs the platform: every tenant, the platform scope, tenants themselves. */
    public static final String OPERATOR = "operator";
    /** A partner's administrator: reads and writes its tenant's data. */
    public static final String PARTNER_ADMIN = "partner-admin";
    /** A partner's read-only user. */
    public static final String PARTNER = "partner";

    private Roles() {
    }
}
