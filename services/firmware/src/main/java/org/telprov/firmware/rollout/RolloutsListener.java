package org.telprov.firmware.rollout;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

/**
 * Feeds provisioning's rollout events to {@link FinishedRollouts}. A message that cannot be applied goes to the
 * dead-letter topic {@code firmware-dlq}.
 */
@ApplicationScoped
public class RolloutsListener {

    private final FinishedRollouts finished;

    public RolloutsListener(FinishedRollouts finished) {
        this.finished = finished;
    }

    @Incoming(Topics.PROVISIONING_ROLLOUTS)
    @Blocking
    public void onRollout(String message) {
        finished.apply(EventCodec.fromJson(message));
    }
}
