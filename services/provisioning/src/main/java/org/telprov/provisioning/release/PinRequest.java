package org.telprov.provisioning.release;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a pin: the release the device gets. */
public record PinRequest(@Schema(description = "UVC of a release of the profile", examples = "2026-11-23_18:00:00")
                         String uvc) {
}
