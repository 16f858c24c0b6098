package org.telprov.inventory.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.EventCodec;
import org.telprov.events.EventTypes;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
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
        tenant.version = 1;
        tenant.createdAt = Instant.now();
        tenant.updatedAt = tenant.createdAt;
        tenant.persist();
        outbox.publish(Topics.INVENTORY_TENANTS, EventCodec.envelope(EventTypes.TENANT_CREATED,
                TenantSnapshot.SCHEMA_VERSION, EventTypes.TENANT, tenant.id, tenant.id, tenant.updatedAt,
                tenant.snapshot()));
        return TenantView.of(tenant);
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
