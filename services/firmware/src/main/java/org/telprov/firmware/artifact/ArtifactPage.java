package org.telprov.firmware.artifact;

import java.util.List;

/** One page of artifacts, newest first. */
public record ArtifactPage(List<ArtifactView> items, int page, int size, long total) {
}
