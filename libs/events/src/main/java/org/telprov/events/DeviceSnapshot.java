package org.telprov.events;

/**
 * Payload of {@code device.registered}, {@code device.updated} and {@code device.released} (schema version 1): the
 * device's whole state, so the latest event per MAC on the compacted topic is enough to rebuild it.
 *
 * @param mac      12 lower-case hex digits, as {@link MacAddress#toString()}
 * @param vendor   vendor family, e.g. {@code gigaset-maxwell}
 * @param model    product id or hardware type, e.g. {@code mx3b}
 * @param serial   serial number, or {@code null}
 * @param profile  provisioning profile the device should get, or {@code null}
 * @param labels   the partner's labels, e.g. for staged rollouts; never {@code null}
 * @param version  increases with every change, release included; consumers ignore a snapshot older than the one
 *                 they hold, so a retried or reordered event cannot undo a newer one
 */
public record DeviceSnapshot(String mac, String tenantId, String vendor, String model, String serial, String profile,
                             java.util.List<String> labels, long version) {

    public static final int SCHEMA_VERSION = 1;

    /** Aggregate type of device events and check-ins; the aggregate id (and Kafka key) is the MAC. */
    public static final String AGGREGATE = "device";

    public static final EventKind<DeviceSnapshot> REGISTERED = kind("device.registered");
    public static final EventKind<DeviceSnapshot> UPDATED = kind("device.updated");
    /** The device left its tenant; the snapshot is its last state, with the version of the release. */
    public static final EventKind<DeviceSnapshot> RELEASED = kind("device.released");

    /**
     * The snapshot an event of any of the three kinds carries.
     *
     * @throws MalformedEventException for an event of another type or a payload that is no snapshot
     */
    public static DeviceSnapshot from(EventEnvelope envelope) {
        return EventKind.read(envelope, REGISTERED, UPDATED, RELEASED);
    }

    /**
     * The snapshot an event of any of the three kinds carries, once it names a valid MAC, a tenant, a vendor and a
     * model: what every read model of devices relies on.
     *
     * @throws MalformedEventException for an event of another type, a payload that is no snapshot, or one without them
     */
    public static DeviceSnapshot complete(EventEnvelope envelope) {
        DeviceSnapshot snapshot = from(envelope);
        if (!MacAddress.isValid(snapshot.mac())) {
            throw new MalformedEventException("device event with invalid MAC", null);
        }
        if (snapshot.tenantId() == null || snapshot.vendor() == null || snapshot.model() == null) {
            throw new MalformedEventException("device event " + envelope.id() + " without tenant, vendor or model",
                    null);
        }
        return snapshot;
    }

    // single API calls travel on inventory-devices, bulk imports on a lane of their own
    private static EventKind<DeviceSnapshot> kind(String type) {
        return EventKind.of(type, DeviceSnapshot.class, SCHEMA_VERSION, Topics.INVENTORY_DEVICES, AGGREGATE,
                DeviceSnapshot::mac, DeviceSnapshot::tenantId).withBulkTopic(Topics.INVENTORY_DEVICES_BULK);
    }
}
