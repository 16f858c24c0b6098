package org.telprov.partner;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.telprov.support.problem.ProblemException;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant a partner acts for, taken from its access token and from nowhere else: not the path, not the body. Every
 * partner query is scoped by it.
 */
@RequestScoped
public class CallerTenant {

    /** What a tenant id looks like; also the rule for creating tenants. */
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final TenancyConfig config;

    public CallerTenant(JsonWebToken token, SecurityIdentity identity, TenancyConfig config) {
        this.token = token;
        this.identity = identity;
        this.config = config;
    }

    /**
     * The tenant a query is limited to: empty for the operator (every tenant), the token's tenant for a partner.
     *
     * @throws ProblemException 401 for a partner token without a usable tenant claim
     */
    public Optional<String> scope() {
        return identity.hasRole(Roles.OPERATOR) ? Optional.empty() : Optional.of(id());
    }

    /**
     * @throws ProblemException 401 when the token carries no usable tenant claim: such a token authorises nothing
     */
    public String id() {
        Object claim = token.getClaim(config.tenantClaim());
        String tenant = claim == null ? null : claim.toString();
        if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
            throw new ProblemException(401, "missing_tenant_claim", "Unauthorized",
                    "the access token does not name a tenant in claim '" + config.tenantClaim() + "'");
        }
        return tenant;
    }

    /** Who acts, for audit records and logs. */
    public String principal() {
        return token.getName() != null ? token.getName() : token.getSubject();
    }
}
