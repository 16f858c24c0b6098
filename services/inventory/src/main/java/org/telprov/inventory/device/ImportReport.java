package org.telprov.inventory.device;

import java.util.List;

/**
 * What a bulk import did: rows claimed (new to the tenant), updated, unchanged (a re-run of the same file changes
 * nothing), and each rejected row with its reason. Accepted rows are committed and published; rejected rows change
 * nothing.
 */
public record ImportReport(int rows, int claimed, int updated, int unchanged, List<Rejection> rejected) {

    /** A row that was not imported: its number, its MAC as written (if any), a stable code and a message. */
    public record Rejection(int row, String mac, String code, String message) {
    }
}
