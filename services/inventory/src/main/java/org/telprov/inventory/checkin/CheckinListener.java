package org.telprov.inventory.checkin;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

/** Feeds the device-facing services' check-ins to the {@link CheckinService}; failures go to {@code inventory-dlq}. */
@ApplicationScoped
public class CheckinListener {

    private final CheckinService checkins;

    public CheckinListener(CheckinService checkins) {
        this.checkins = checkins;
    }

    @Incoming(Topics.DEVICE_CHECKINS)
    @Blocking
    public void onCheckin(String message) {
        checkins.record(EventCodec.fromJson(message));
    }
}
