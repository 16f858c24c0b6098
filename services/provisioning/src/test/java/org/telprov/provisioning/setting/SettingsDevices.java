package org.telprov.provisioning.setting;

import io.quarkus.arc.Arc;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventKind;
import org.telprov.provisioning.device.DeviceProjection;

import java.time.Instant;
import java.util.List;

/** Puts devices into provisioning's device read model as inventory's events would, without waiting for Kafka. */
final class SettingsDevices {

    private SettingsDevices() {
    }

    /** Registers the devices for the tenant (version 1), or moves them to it with {@code version}. */
    static void registered(String tenant, String profile, List<String> labels, long version, String... macs) {
        apply(DeviceSnapshot.REGISTERED, tenant, profile, labels, version, macs);
    }

    static void registered(String tenant, String... macs) {
        registered(tenant, null, List.of(), 1, macs);
    }

    /** Inventory's release of the devices (they stay in the read model, released). */
    static void released(String tenant, long version, String... macs) {
        apply(DeviceSnapshot.RELEASED, tenant, null, List.of(), version, macs);
    }

    private static void apply(EventKind<DeviceSnapshot> kind, String tenant, String profile, List<String> labels,
                              long version, String... macs) {
        DeviceProjection projection = Arc.container().instance(DeviceProjection.class).get();
        projection.apply(java.util.Arrays.stream(macs).map(mac -> projection.read(kind.envelope(new DeviceSnapshot(mac,
                tenant, "gigaset-maxwell", "mx3b", null, profile, labels, version), Instant.now()))).toList());
    }
}
