package org.telprov.console.firmware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** The firmware API's artifacts and channels as the console reads them: the members the pages show, others ignored. */
public final class FirmwareViews {

    private FirmwareViews() {
    }

    /** An image; {@code platformWide} for the operator's vendor firmware every tenant reads (and none but it changes). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(String id, String tenantId, boolean platformWide, String vendor, String product,
                           String version, String oemName, String releaseNotes, long size, String sha256, String md5,
                           Instant createdAt) {
    }

    /** A named pointer from a product to an artifact, of a tenant or platform-wide. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Channel(String name, String tenantId, boolean platformWide, String vendor, String product,
                          String artifactId, String version, Instant updatedAt) {
    }

    public record ChannelMove(String artifactId) {
    }

    /** What an upload says of its image, as typed; empty fields are left out of the request. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Upload(String vendor, String product, String version, String oemName, String releaseNotes,
                         String sha256, String md5) {
    }
}
