package org.telprov.provisioning.tenant;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;

/**
 * Feeds inventory's tenant events to the {@link TenantZoneProjection}. The topic, {@code inventory-tenants}, is read a
 * second time under a channel of its own: the tenant statuses' channel replays it into each replica's memory in a
 * consumer group per replica, while the zones go to a table the replicas share, so one group of all of them reads it
 * once. A record that cannot be applied goes to the dead-letter topic {@code provisioning-dlq}.
 */
@ApplicationScoped
public class TenantZonesListener {

    /** The channel's name; {@code application.properties} points it at {@code inventory-tenants}. */
    public static final String CHANNEL = "provisioning-tenant-zones";

    private final TenantZoneProjection projection;

    public TenantZonesListener(TenantZoneProjection projection) {
        this.projection = projection;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onTenant(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone: tenants are never deleted
        }
        projection.apply(EventCodec.fromJson(record.value()));
    }
}
