package org.telprov.redirect.destination;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationTableTest {

    @Test
    void holdsManyDevicesAcrossGrowthWithSharedTenantsAndKinds() {
        DestinationTable table = new DestinationTable();
        table.putTenant("acme", new DestinationTable.Tenant("https://p.acme.example/{mac}", false, 1));
        table.putTenant("globex", new DestinationTable.Tenant("https://p.globex.example/{mac}", false, 1));
        int devices = 200_000;
        for (int i = 0; i < devices; i++) {
            table.putDevice(0x0a0000000000L + i * 7919L, new DestinationTable.Device(i % 2 == 0 ? "acme" : "globex",
                    "yealink", "T46S", "SN" + i, 1));
        }
        assertThat(table.deviceCount()).isEqualTo(devices);
        for (int i = 0; i < devices; i += 997) {
            DestinationTable.Route route = table.route(0x0a0000000000L + i * 7919L).orElseThrow();
            assertThat(route.tenantId()).isEqualTo(i % 2 == 0 ? "acme" : "globex");
            assertThat(route.serial()).isEqualTo("SN" + i);
            assertThat(route.model()).isEqualTo("T46S");
        }
        assertThat(table.route(0x0b0000000000L)).isEmpty();
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        DestinationTable table = new DestinationTable();
        table.putTenant("acme", new DestinationTable.Tenant("https://p.acme.example/{mac}", false, 2));
        table.putTenant("acme", new DestinationTable.Tenant(null, false, 1));
        table.putDevice(1, new DestinationTable.Device("acme", "snom", "D785", "NEW", 3));
        table.putDevice(1, new DestinationTable.Device("acme", "snom", "D785", "OLD", 2));

        assertThat(table.route(1).orElseThrow().serial()).isEqualTo("NEW");
        assertThat(table.deviceVersion(1)).isEqualTo(3);
        assertThat(table.tenantVersion("acme")).isEqualTo(2);
        assertThat(table.deviceVersion(2)).isEqualTo(-1);
    }

    @Test
    void releasedDevicesAndSuspendedTenantsAreNotRouted() {
        DestinationTable table = new DestinationTable();
        table.putTenant("acme", new DestinationTable.Tenant("https://p.acme.example/{mac}", false, 1));
        table.putDevice(1, new DestinationTable.Device("acme", "snom", "D785", null, 1));
        table.putDevice(2, new DestinationTable.Device("acme", "snom", "D785", null, 1));
        table.putDevice(2, new DestinationTable.Device(null, "snom", "D785", null, 2));
        assertThat(table.route(1)).isPresent();
        assertThat(table.route(2)).isEmpty();

        table.putTenant("acme", new DestinationTable.Tenant(null, false, 2));
        assertThat(table.route(1)).isEmpty();
    }
}
