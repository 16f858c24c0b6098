package org.telprov.inventory.device;

/**
 * One row of a bulk import: its number in the file (1 = first data row) and either the request it holds or why it
 * could not be read.
 */
public record ImportRow(int row, DeviceRequest request, String unreadable) {

    static ImportRow of(int row, DeviceRequest request) {
        return new ImportRow(row, request, null);
    }

    static ImportRow unreadable(int row, String why) {
        return new ImportRow(row, null, why);
    }
}
