package org.telprov.console.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.telprov.console.ConsoleConfig;

/**
 * The person logged in, as the pages show them: a name, a tenant and whether to offer controls that write. Hiding a
 * control is a courtesy, not a check: the services refuse what the person's token does not allow.
 */
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;
    private final ConsoleConfig config;

    public Viewer(SecurityIdentity identity, ConsoleConfig config) {
        this.identity = identity;
        this.config = config;
    }

    /** A claim of the ID token, which is the principal of a code-flow login. */
    private Object claim(String name) {
        return identity.getPrincipal() instanceof JsonWebToken idToken ? idToken.getClaim(name) : null;
    }

    public String name() {
        Object username = claim("preferred_username");
        return username != null ? username.toString() : identity.getPrincipal().getName();
    }

    /** The tenant the person acts for; "all tenants" for the operator, whose token names none. */
    public String tenant() {
        Object tenant = claim(config.tenantClaim());
        if (tenant != null) {
            return tenant.toString();
        }
        return operator() ? "all tenants" : "no tenant";
    }

    public boolean canWrite() {
        return identity.hasRole(config.writerRole());
    }

    public boolean operator() {
        return identity.hasRole(config.operatorRole());
    }

    /** The role as a word for the header, so a read-only person sees why some pages have no buttons. */
    public String role() {
        if (operator()) {
            return "operator";
        }
        return canWrite() ? "administrator" : "read-only";
    }
}
