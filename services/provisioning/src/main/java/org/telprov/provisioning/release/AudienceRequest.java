package org.telprov.provisioning.release;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a release's audience change: a larger {@code percent}, or {@code audience: "all"}. */
public record AudienceRequest(@Schema(description = "1 to 100, at least the release's percentage") Integer percent,
                              @Schema(description = "\"all\": every device of the profile") String audience) {
}
