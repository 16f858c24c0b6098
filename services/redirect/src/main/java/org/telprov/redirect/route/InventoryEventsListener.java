package org.telprov.redirect.route;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

/**
 * Feeds inventory's tenant and device events to the {@link RouteProjection}, one at a time per topic. A message that
 * cannot be applied fails here and goes to the dead-letter topic {@code redirect-dlq}.
 */
@ApplicationScoped
public class InventoryEventsListener {

    private final RouteProjection projection;

    public InventoryEventsListener(RouteProjection projection) {
        this.projection = projection;
    }

    @Incoming(Topics.INVENTORY_TENANTS)
    @Blocking
    public void onTenant(String message) {
        projection.apply(EventCodec.fromJson(message));
    }

    @Incoming(Topics.INVENTORY_DEVICES)
    @Blocking
    public void onDevice(String message) {
        projection.apply(EventCodec.fromJson(message));
    }
}
