package org.telprov.inventory.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.EventKind;
import org.telprov.events.TenantSnapshot;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creates tenants and publishes their state; the operator's business. */
@ApplicationScoped
public class TenantService {

    private final Outbox outbox;

    public TenantService(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public TenantView create(TenantRequest request) {
        ProvisioningUrlTemplate.check(request.provisioningUrlTemplate());
        if (Tenant.findById(request.id()) != null) {
            throw ProblemException.conflict("tenant_exists", "tenant " + request.id() + " already exists");
        }
        Tenant tenant = new Tenant();
        tenant.id = request.id();
        tenant.name = request.name();
        tenant.provisioningUrlTemplate = request.provisioningUrlTemplate();
        tenant.status = Tenant.ACTIVE;
        tenant.redirectAuth = request.redirectAuth() != null ? request.redirectAuth() : TenantSnapshot.REDIRECT_AUTH_NONE;
        tenant.timeZone = request.timeZone() != null ? request.timeZone() : TenantSnapshot.DEFAULT_TIME_ZONE;
        tenant.version = 1;
        tenant.createdAt = Instant.now();
        tenant.updatedAt = tenant.createdAt;
        tenant.persist();
        publish(TenantSnapshot.CREATED, tenant);
        return TenantView.of(tenant);
    }

    /**
     * Changes the tenant's name, URL template, status, redirect authentication or time zone. A suspended tenant's
     * partners cannot register devices and its devices are no longer redirected; nothing is deleted.
     */
    @Transactional
    public TenantView update(String id, TenantUpdate update) {
        Tenant tenant = Tenant.<Tenant>findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("tenant " + id));
        if (update.provisioningUrlTemplate() != null) {
            ProvisioningUrlTemplate.check(update.provisioningUrlTemplate());
        }
        String name = update.name() != null ? update.name() : tenant.name;
        String template = update.provisioningUrlTemplate() != null ? update.provisioningUrlTemplate()
                : tenant.provisioningUrlTemplate;
        String status = update.status() != null ? update.status() : tenant.status;
        String redirectAuth = update.redirectAuth() != null ? update.redirectAuth() : tenant.redirectAuth;
        String timeZone = update.timeZone() != null ? update.timeZone() : tenant.timeZone;
        if (name.equals(tenant.name) && template.equals(tenant.provisioningUrlTemplate) && status.equals(tenant.status)
                && redirectAuth.equals(tenant.redirectAuth) && timeZone.equals(tenant.timeZone)) {
            return TenantView.of(tenant);
        }
        tenant.name = name;
        tenant.provisioningUrlTemplate = template;
        tenant.status = status;
        tenant.redirectAuth = redirectAuth;
        tenant.timeZone = timeZone;
        tenant.version++;
        tenant.updatedAt = Instant.now();
        publish(TenantSnapshot.UPDATED, tenant);
        return TenantView.of(tenant);
    }

    private void publish(EventKind<TenantSnapshot> kind, Tenant tenant) {
        outbox.publish(kind.event(tenant.snapshot(), tenant.updatedAt));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TenantView> find(String id) {
        return Tenant.<Tenant>findByIdOptional(id).map(TenantView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TenantView> list() {
        return Tenant.<Tenant>listAll(io.quarkus.panache.common.Sort.by("id")).stream().map(TenantView::of).toList();
    }
}
