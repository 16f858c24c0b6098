package org.telprov.events;

import java.util.Map;

/**
 * Kafka topic names. Each is also the name of the reactive-messaging channel that reads or writes it, so
 * {@code @Incoming(Topics.INVENTORY_DEVICES)} needs no topic setting.
 */
public final class Topics {

    /** Tenant snapshots keyed by tenant id; compacted so a new consumer rebuilds every tenant. */
    public static final String INVENTORY_TENANTS = "inventory-tenants";
    /**
     * Device snapshots keyed by MAC, of single API calls; compacted so a new consumer rebuilds every device (with
     * {@link #INVENTORY_DEVICES_BULK}).
     */
    public static final String INVENTORY_DEVICES = "inventory-devices";
    /**
     * Device snapshots of bulk imports, keyed by MAC and compacted like {@link #INVENTORY_DEVICES}: a lane of their
     * own, so a consumer applies a single registration while it still works through an import's backlog. A device's
     * events may arrive on both; consumers keep the snapshot with the highest version.
     */
    public static final String INVENTORY_DEVICES_BULK = "inventory-devices-bulk";
    /** What devices fetched from the redirect, provisioning and firmware services, keyed by MAC. */
    public static final String DEVICE_CHECKINS = "device-checkins";
    /** Published provisioning releases, keyed by profile id. */
    public static final String PROVISIONING_RELEASES = "provisioning-releases";
    /** Rollouts of releases and firmware ({@link RolloutSnapshot}), keyed by {@code <tenant id>/<rollout id>}. */
    public static final String PROVISIONING_ROLLOUTS = "provisioning-rollouts";
    /** Firmware artifacts and channel moves, keyed by product. */
    public static final String FIRMWARE_ARTIFACTS = "firmware-artifacts";

    /** Retention of each topic: compacted topics carry state, the others carry a stream of facts. */
    public static final Map<String, Boolean> COMPACTED = Map.of(
            INVENTORY_TENANTS, true,
            INVENTORY_DEVICES, true,
            INVENTORY_DEVICES_BULK, true,
            DEVICE_CHECKINS, false,
            PROVISIONING_RELEASES, true,
            PROVISIONING_ROLLOUTS, true,
            FIRMWARE_ARTIFACTS, true);

    private Topics() {
    }
}
