package org.telprov.provisioning.release;

import java.util.List;

/** One page of a profile's releases, newest first. */
public record ReleasePage(List<ReleaseView> items, int page, int size, long total) {
}
