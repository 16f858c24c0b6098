package org.telprov.provisioning.profile;

import jakarta.enterprise.context.RequestScoped;
import org.telprov.partner.CallerTenant;
import org.telprov.support.problem.ProblemException;

import java.util.Optional;

/**
 * Whose profiles a request reads: a partner its tenant's (from the token, nothing else), the operator any tenant's,
 * named by the {@code tenant} query parameter because profile names are only unique within a tenant.
 */
@RequestScoped
public class ProfileCaller {

    private final CallerTenant caller;

    public ProfileCaller(CallerTenant caller) {
        this.caller = caller;
    }

    /**
     * @throws ProblemException 400 when the operator names no tenant
     */
    public String readTenant(String tenantParameter) {
        return caller.scope().orElseGet(() -> {
            if (tenantParameter == null || !CallerTenant.TENANT_ID.matcher(tenantParameter).matches()) {
                throw ProblemException.badRequest("validation_failed", "the operator names the tenant", "tenant");
            }
            return tenantParameter;
        });
    }

    /** The tenant a partner admin changes: its own. */
    public String writeTenant() {
        return caller.id();
    }

    /** The tenant a list is limited to; empty for the operator, who lists every tenant's. */
    public Optional<String> listScope() {
        return caller.scope();
    }

    public String principal() {
        return caller.principal();
    }
}
