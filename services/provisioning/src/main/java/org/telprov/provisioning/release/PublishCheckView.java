package org.telprov.provisioning.release;

import org.telprov.partner.Page;

/**
 * The dry run of the publish check.
 *
 * @param devices    the profile's devices (not released)
 * @param unresolved a page of those lacking a value, in MAC order; its total counts them all
 */
public record PublishCheckView(long devices, Page<PublishCheck.Unresolved> unresolved) {
}
