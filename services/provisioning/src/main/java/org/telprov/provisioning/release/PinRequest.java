package org.telprov.provisioning.release;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.support.problem.Inputs;

/** The body of a pin: the release the device gets. */
public record PinRequest(@Inputs.Uvc
                         @Schema(description = "UVC of a release of the profile", examples = "2026-11-23_18:00:00")
                         String uvc) {
}
