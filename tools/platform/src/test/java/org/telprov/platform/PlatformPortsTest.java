package org.telprov.platform;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports for a test platform: distinct, free, and never ones the kernel may give an outgoing connection meanwhile. */
class PlatformPortsTest {

    @Test
    void freePortsAndTheirReplicasPortsAreDistinctFreeAndBelowTheEphemeralRange() {
        PlatformPorts ports = PlatformPorts.free();
        List<Integer> all = new ArrayList<>(List.of(ports.postgres(), ports.kafka(), ports.kafkaController(),
                ports.keycloak()));
        for (String service : ports.services().keySet()) {
            for (int replica = 2; replica <= PlatformPorts.MAX_REPLICAS; replica++) {
                all.add(ports.service(service, replica));
            }
        }
        all.addAll(ports.services().values());

        assertEquals(all.size(), new HashSet<>(all).size(), "duplicates in " + all);
        for (int port : all) {
            assertTrue(port >= 20_000 && port < PlatformPorts.ephemeralRangeStart(), port + " in " + all);
            PlatformPorts.requireFree("port " + port, port);
        }
    }

    @Test
    void replicasOfTheDefaultPortsListenTenApart() {
        PlatformPorts ports = PlatformPorts.defaults();

        assertEquals(8084, ports.service("inventory", 1));
        assertEquals(8094, ports.service("inventory", 2));
        assertEquals(8111, ports.service("redirect", 4));
        assertThrows(IllegalArgumentException.class, () -> ports.service("inventory", PlatformPorts.MAX_REPLICAS + 1));
    }
}
