package org.telprov.provisioning.device;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

/**
 * Feeds inventory's device events to the {@link DeviceProjection}, one at a time. A message that cannot be applied
 * fails here and goes to the dead-letter topic {@code provisioning-dlq}.
 */
@ApplicationScoped
public class InventoryDevicesListener {

    private final DeviceProjection projection;

    public InventoryDevicesListener(DeviceProjection projection) {
        this.projection = projection;
    }

    @Incoming(Topics.INVENTORY_DEVICES)
    @Blocking
    public void onDevice(String message) {
        projection.apply(EventCodec.fromJson(message));
    }
}
