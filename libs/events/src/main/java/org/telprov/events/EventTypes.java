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

    private EventTypes() {
    }
}
