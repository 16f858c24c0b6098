package org.telprov.firmware.download;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import org.telprov.firmware.artifact.Artifact;
import org.telprov.partner.Caller;
import org.telprov.support.tenant.TenantStatuses;

import java.util.Optional;
import java.util.UUID;

/** Looks up the artifacts a device's signed link may download. */
@ApplicationScoped
public class DownloadService {

    private final TenantStatuses tenants;

    public DownloadService(TenantStatuses tenants) {
        this.tenants = tenants;
    }

    /**
     * The artifact a link of the tenant may download: the tenant's own or the platform's. Another tenant's artifact is
     * empty, exactly like an unknown one. The download is the device's, so its check-in carries the link's tenant (for
     * platform firmware too, which belongs to no tenant).
     *
     * @param tenant the tenant the link was signed for, or the platform scope
     */
    // Called from a Vert.x route, where no request context is active for the session to live in.
    @ActivateRequestContext
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Download> find(UUID artifactId, String tenant) {
        return Artifact.<Artifact>findByIdOptional(artifactId)
                .filter(a -> a.scope.equals(tenant) || Caller.PLATFORM.equals(a.scope))
                .map(a -> new Download(a.id, Caller.tenantOf(tenant), a.version, a.size, a.sha256, a.createdAt));
    }

    /**
     * False for a download of a tenant that is not active: a suspended tenant's devices get no firmware, its own or the
     * platform's, like nothing else the platform serves them.
     */
    public boolean serves(Download download) {
        return download.tenantId() == null || tenants.status(download.tenantId()).active();
    }
}
