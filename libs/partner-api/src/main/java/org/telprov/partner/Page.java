package org.telprov.partner;

import java.util.List;

/**
 * One page of a list, the shape every paged list of the partner API answers: the items of page {@code page} (from 0)
 * of at most {@code size}, and how many there are in all.
 */
public record Page<T>(List<T> items, int page, int size, long total) {
}
