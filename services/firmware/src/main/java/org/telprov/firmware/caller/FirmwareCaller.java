package org.telprov.firmware.caller;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.telprov.events.FirmwareChannels;
import org.telprov.partner.CallerTenant;
import org.telprov.partner.Roles;

import java.util.List;
import java.util.Optional;

/**
 * Whose firmware a request may see and change. A partner works in its tenant's scope and also reads the platform-wide
 * vendor firmware; the operator works in the platform-wide scope and reads every scope.
 */
@RequestScoped
public class FirmwareCaller {

    /** The scope of platform-wide firmware, as stored in the {@code scope} columns. */
    public static final String PLATFORM = FirmwareChannels.PLATFORM_SCOPE;

    private final SecurityIdentity identity;
    private final CallerTenant tenant;

    public FirmwareCaller(SecurityIdentity identity, CallerTenant tenant) {
        this.identity = identity;
        this.tenant = tenant;
    }

    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    /** The scope the caller's uploads and channel moves go to: its tenant's, or the platform's for the operator. */
    public String scope() {
        return isOperator() ? PLATFORM : tenant.id();
    }

    /** Whether the caller may read firmware of the scope: the operator every scope, a partner its own and the platform's. */
    public boolean canRead(String scope) {
        return isOperator() || PLATFORM.equals(scope) || scope.equals(tenant.id());
    }

    /** The scopes the caller may read, or empty for the operator, who reads them all. */
    public Optional<List<String>> readableScopes() {
        return isOperator() ? Optional.empty() : Optional.of(List.of(tenant.id(), PLATFORM));
    }

    /** Whether the caller may change firmware of the scope: only the scope's owner. */
    public boolean canWrite(String scope) {
        return scope.equals(scope());
    }

    /** Who acts, for the artifact's {@code created_by}. */
    public String principal() {
        return identity.getPrincipal().getName();
    }

    /** The tenant id of a scope for events and views: {@code null} for the platform. */
    public static String tenantOf(String scope) {
        return PLATFORM.equals(scope) ? null : scope;
    }
}
