package org.telprov.events;

import java.time.Instant;

/**
 * Payload of {@code firmware.published} (schema version 1): an artifact was uploaded, verified and stored.
 *
 * @param tenantId    the owning tenant, or {@code null} for platform-wide vendor firmware published by the operator
 * @param vendor      vendor family, e.g. {@code gigaset-maxwell}
 * @param product     product id or model, e.g. {@code mx3b}
 * @param oemName     the vendor's OEM name for the product, or {@code null}
 * @param publishedAt when the upload was committed
 */
public record FirmwarePublished(String tenantId, String vendor, String product, FirmwareArtifactRef artifact,
                                String oemName, String releaseNotes, Instant publishedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Keyed by {@link FirmwareChannels#productKey}, so it stays in order with the product's channel moves. */
    public static final EventKind<FirmwarePublished> PUBLISHED = EventKind.of("firmware.published",
            FirmwarePublished.class, SCHEMA_VERSION, Topics.FIRMWARE_ARTIFACTS, FirmwareChannels.AGGREGATE,
            published -> FirmwareChannels.productKey(published.tenantId(), published.vendor(), published.product()),
            FirmwarePublished::tenantId);
}
