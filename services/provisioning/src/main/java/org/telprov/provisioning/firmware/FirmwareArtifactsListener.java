package org.telprov.provisioning.firmware;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;

/**
 * Feeds the firmware service's events to the {@link FirmwareProjection}. A message that cannot be applied goes to the
 * dead-letter topic {@code provisioning-dlq}.
 */
@ApplicationScoped
public class FirmwareArtifactsListener {

    private final FirmwareProjection projection;

    public FirmwareArtifactsListener(FirmwareProjection projection) {
        this.projection = projection;
    }

    @Incoming(Topics.FIRMWARE_ARTIFACTS)
    @Blocking
    public void onFirmware(String message) {
        projection.apply(EventCodec.fromJson(message));
    }
}
