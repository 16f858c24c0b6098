package org.telprov.partner;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.telprov.events.FirmwareChannels;
import org.telprov.support.problem.ProblemException;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who calls a partner API, taken from the access token and from nowhere else: not the path, not the body. A partner
 * ({@link Roles#PARTNER_ADMIN}, or {@link Roles#PARTNER} read-only: the resources' {@code @RolesAllowed} tell the two
 * apart) acts for the tenant its token names; the operator acts for every tenant, for one that a request names where
 * a name is only unique within a tenant ({@link #tenantFor}), and owns the platform-wide firmware scope
 * ({@link #PLATFORM}). Every partner query is scoped by what this class answers.
 */
@RequestScoped
public class Caller {

    /** What a tenant id looks like; also the rule for creating tenants. */
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    /** The scope of platform-wide firmware, beside the tenants' scopes; no tenant id can look like it. */
    public static final String PLATFORM = FirmwareChannels.PLATFORM_SCOPE;

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final TenancyConfig config;

    public Caller(JsonWebToken token, SecurityIdentity identity, TenancyConfig config) {
        this.token = token;
        this.identity = identity;
        this.config = config;
    }

    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    /**
     * The tenant a query is limited to: empty for the operator (every tenant), the token's tenant for a partner.
     *
     * @throws ProblemException 401 for a partner token without a usable tenant claim
     */
    public Optional<String> scope() {
        return isOperator() ? Optional.empty() : Optional.of(tenant());
    }

    /**
     * The tenant a listing is limited to when the request may narrow it: a partner's own (the parameter is ignored, as
     * in {@link #tenantFor}), for the operator the tenant the request names, or every tenant when it names none.
     *
     * @throws ProblemException 400 when the operator names a tenant id that breaks the rule
     */
    public Optional<String> scope(String tenantParameter) {
        if (!isOperator() || tenantParameter == null) {
            return scope();
        }
        if (!TENANT_ID.matcher(tenantParameter).matches()) {
            throw ProblemException.badRequest("validation_failed", "tenant: not a tenant id", "tenant");
        }
        return Optional.of(tenantParameter);
    }

    /**
     * The tenant the token names: the one a partner reads and changes.
     *
     * @throws ProblemException 401 when the token carries no usable tenant claim: such a token authorises nothing
     */
    public String tenant() {
        Object claim = token.getClaim(config.tenantClaim());
        String tenant = claim == null ? null : claim.toString();
        if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
            throw new ProblemException(401, "missing_tenant_claim", "Unauthorized",
                    "the access token does not name a tenant in claim '" + config.tenantClaim() + "'");
        }
        return tenant;
    }

    /**
     * The tenant a read of one named object is for: a partner's own (the parameter is ignored), or for the operator the
     * tenant the request names, since such names (profiles, settings) are only unique within a tenant.
     *
     * @throws ProblemException 400 when the operator names no valid tenant
     */
    public String tenantFor(String tenantParameter) {
        return scope().orElseGet(() -> {
            if (tenantParameter == null || !TENANT_ID.matcher(tenantParameter).matches()) {
                throw ProblemException.badRequest("validation_failed", "the operator names the tenant", "tenant");
            }
            return tenantParameter;
        });
    }

    /** The firmware scope of the caller's uploads and channel moves: its tenant's, the platform's for the operator. */
    public String ownScope() {
        return isOperator() ? PLATFORM : tenant();
    }

    /** Whether the caller may read firmware of the scope: the operator any, a partner its own and the platform's. */
    public boolean canRead(String scope) {
        return isOperator() || PLATFORM.equals(scope) || scope.equals(tenant());
    }

    /** The firmware scopes the caller may read, or empty for the operator, who reads them all. */
    public Optional<List<String>> readableScopes() {
        return isOperator() ? Optional.empty() : Optional.of(List.of(tenant(), PLATFORM));
    }

    /** Whether the caller may change firmware of the scope: only the scope's owner. */
    public boolean canWrite(String scope) {
        return scope.equals(ownScope());
    }

    /** Who acts, for audit records, {@code created_by} columns and logs. */
    public String principal() {
        return token.getName() != null ? token.getName() : token.getSubject();
    }

    /** The tenant id of a firmware scope, for events and views: {@code null} for the platform's. */
    public static String tenantOf(String scope) {
        return PLATFORM.equals(scope) ? null : scope;
    }
}
