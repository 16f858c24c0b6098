package org.telprov.events;

/** The {@code type} values an {@link EventEnvelope} can carry, with the aggregate they belong to. */
public final class EventTypes {

    public static final String TENANT = "tenant";
    public static final String DEVICE = "device";

    public static final String TENANT_CREATED = "tenant.created";
    public static final String TENANT_UPDATED = "tenant.updated";

    public static final String DEVICE_REGISTERED = "device.registered";
    public static final String DEVICE_UPDATED = "device.updated";
    public static final String DEVICE_RELEASED = "device.released";

    /** A device asked the redirect service where to go ({@link DeviceCheckin}). */
    public static final String DEVICE_REDIRECTED = "device.redirected";
    /** A device fetched a provisioning file or a firmware image ({@link DeviceCheckin}). */
    public static final String DEVICE_FETCHED = "device.fetched";

    private EventTypes() {
    }
}
