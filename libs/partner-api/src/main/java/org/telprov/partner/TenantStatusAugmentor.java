package org.telprov.partner;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.telprov.support.tenant.TenantStatus;
import org.telprov.support.tenant.TenantStatuses;

/**
 * Takes every role from the token of a partner whose tenant is suspended or unknown, in the one place every partner
 * request passes: each {@code @RolesAllowed} operation then refuses it (403, {@link SecurityProblemMappers} names the
 * reason), whatever the operation does with the tenant. The operator's token acts for no tenant and is never touched.
 */
@ApplicationScoped
public class TenantStatusAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute holding the {@link TenantStatus} that kept a partner out. */
    public static final String REFUSED_STATUS = "telprov.refused-tenant-status";

    private final TenantStatuses statuses;
    private final TenancyConfig config;

    public TenantStatusAugmentor(TenantStatuses statuses, TenancyConfig config) {
        this.statuses = statuses;
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.hasRole(Roles.OPERATOR)
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object claim = token.getClaim(config.tenantClaim());
        if (claim == null || !Caller.TENANT_ID.matcher(claim.toString()).matches()) {
            return Uni.createFrom().item(identity); // Caller answers 401 missing_tenant_claim
        }
        String tenant = claim.toString();
        return statuses.blocking()
                ? context.runBlocking(() -> admitted(identity, tenant))
                : Uni.createFrom().item(admitted(identity, tenant));
    }

    private SecurityIdentity admitted(SecurityIdentity identity, String tenant) {
        TenantStatus status = statuses.status(tenant);
        if (status.active()) {
            return identity;
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(REFUSED_STATUS, status)
                .setAnonymous(false)
                .build();
    }
}
