package org.telprov.provisioning.setting;

import java.util.List;

/**
 * What a CSV import of device settings did: rows read, devices whose layer changed, rows that changed nothing (a re-run
 * of the same file changes nothing), and each rejected row with its reason. Rejected rows write nothing.
 */
public record SettingsImportReport(int rows, int changed, int unchanged, List<Rejection> rejected) {

    /**
     * A row that was not imported: its number (1 = the first data row), its MAC as written, a stable code
     * ({@code not_found}, {@code invalid_parameter}, {@code duplicate}) and a message.
     */
    public record Rejection(int row, String mac, String code, String message) {
    }
}
