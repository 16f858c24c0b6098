package org.telprov.provisioning.release;

import java.util.List;

/**
 * The dry run of the publish check.
 *
 * @param devices    the profile's devices (not released)
 * @param unresolved a page of those lacking a value, in MAC order; its total counts them all
 */
public record PublishCheckView(long devices, UnresolvedPage unresolved) {

    /** One page of the devices lacking a value. */
    public record UnresolvedPage(List<PublishCheck.Unresolved> items, int page, int size, long total) {
    }
}
