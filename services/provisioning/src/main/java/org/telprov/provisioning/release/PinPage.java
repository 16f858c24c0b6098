package org.telprov.provisioning.release;

import java.util.List;

/** One page of a profile's pins, by MAC. */
public record PinPage(List<PinView> items, int page, int size, long total) {
}
