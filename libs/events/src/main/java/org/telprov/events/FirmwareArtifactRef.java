package org.telprov.events;

/**
 * What a consumer needs to hand a firmware artifact to a device: its id (for the download link), version, size and
 * checksums.
 *
 * @param artifactId UUID of the artifact in the firmware service
 * @param sha256     64 lower-case hex digits; also the download's ETag
 * @param md5        32 lower-case hex digits, for vendors whose update files carry an MD5
 */
public record FirmwareArtifactRef(String artifactId, String version, long size, String sha256, String md5) {
}
