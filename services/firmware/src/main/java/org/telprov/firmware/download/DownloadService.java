package org.telprov.firmware.download;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.firmware.artifact.Artifact;
import org.telprov.partner.Caller;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.tenant.TenantStatuses;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Looks up artifacts for devices and records their completed downloads as {@code device.fetched}. */
@ApplicationScoped
public class DownloadService {

    private final Outbox outbox;
    private final TenantStatuses tenants;

    public DownloadService(Outbox outbox, TenantStatuses tenants) {
        this.outbox = outbox;
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

    /** A device received the whole artifact (in one response, or as the last of its ranges). */
    @Transactional
    public void fetched(Download download, String mac, String sourceIp, String userAgent) {
        Instant now = Instant.now();
        outbox.publish(DeviceCheckin.FETCHED.event(DeviceCheckin.downloaded(mac, download.tenantId(),
                download.artifactId().toString(), download.version(), sourceIp, userAgent, now), now));
    }
}
