package org.telprov.firmware.channel;

import jakarta.validation.constraints.NotBlank;

/** Which artifact a channel should point at; it must be of the channel's product and readable by the caller. */
public record MoveChannelRequest(@NotBlank String artifactId) {
}
