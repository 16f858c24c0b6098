package org.telprov.provisioning.device;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million devices fit the table, each found again as it was put; prints the heap they take (a measurement for
 * docs/performance.md, not asserted: the heap a JVM reports moves with the collector).
 */
class DeviceTableFootprintTest {

    private static final int DEVICES = 1_000_000;

    @Test
    void aMillionDevicesAreHeldAndFoundAgain() {
        long before = usedHeap();
        DeviceTable table = new DeviceTable();
        table.reserve(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            table.put(mac(i), "tenant-" + (i % 1000), "gigaset-maxwell", "mx" + (i % 20), "SN" + i, "profile-" + (i % 5000),
                    i % 7 == 0 ? "" : "floor-" + (i % 30) + ",beta", i % 50 == 0, 1 + i % 3);
        }
        long after = usedHeap();
        System.out.printf("DeviceTable: %d devices, %d bytes of heap, %.1f bytes per device%n", table.size(),
                after - before, (after - before) / (double) DEVICES);

        assertThat(table.size()).isEqualTo(DEVICES);
        for (int i : new int[]{0, 1, 49_999, 500_000, DEVICES - 1}) {
            DeviceTable.Entry entry = table.find(mac(i)).orElseThrow();
            assertThat(entry.released()).isEqualTo(i % 50 == 0);
            assertThat(entry.tenantId()).isEqualTo(i % 50 == 0 ? null : "tenant-" + (i % 1000));
            assertThat(entry.model()).isEqualTo("mx" + (i % 20));
            assertThat(entry.serial()).isEqualTo("SN" + i);
            assertThat(entry.profile()).isEqualTo("profile-" + (i % 5000));
            assertThat(entry.labels()).isEqualTo(i % 7 == 0 ? List.of() : List.of("floor-" + (i % 30), "beta"));
            assertThat(entry.version()).isEqualTo(1 + i % 3);
        }
        assertThat(table.find(mac(DEVICES))).isEmpty();
        assertThat(table.put(mac(1), "tenant-x", "v", "m", null, null, "", false, 1)).isFalse();
    }

    private static long mac(int i) {
        return 0x0a0000000000L + i * 7919L;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
