package org.telprov.events;

/**
 * The firmware service's event types and aggregate, next to {@link EventTypes} (kept apart so the additions of issue 6
 * leave that class untouched). Both travel on {@link Topics#FIRMWARE_ARTIFACTS} keyed by
 * {@link FirmwareChannels#productKey}.
 */
public final class FirmwareEventTypes {

    /** Aggregate type: one product of one scope (a tenant, or the platform-wide vendor firmware). */
    public static final String FIRMWARE_PRODUCT = "firmware-product";

    /** An artifact was uploaded and verified ({@link FirmwarePublished}). */
    public static final String FIRMWARE_PUBLISHED = "firmware.published";
    /** A channel of the product now points at another artifact ({@link FirmwareChannels}). */
    public static final String FIRMWARE_CHANNEL_UPDATED = "firmware.channel.updated";

    private FirmwareEventTypes() {
    }
}
