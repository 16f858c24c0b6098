package org.telprov.events;

import java.util.Map;

/**
 * Payload of {@code firmware.channel.updated} (schema version 1): every channel of one product in one scope, after a
 * channel moved. Carrying all channels (not only the moved one) makes the latest record per product on the compacted
 * topic enough to rebuild the product's channels.
 *
 * @param tenantId the scope's tenant, or {@code null} for the platform-wide channels of vendor firmware
 * @param channels channel name ({@code latest}, {@code stable}, {@code beta}, …) to the artifact it points at
 * @param moved    the channel whose move produced this event
 * @param version  increases with every channel move of the product; consumers ignore older snapshots
 */
public record FirmwareChannels(String tenantId, String vendor, String product, Map<String, FirmwareArtifactRef> channels,
                               String moved, long version) {

    public static final int SCHEMA_VERSION = 1;

    /** Aggregate type: one product of one scope (a tenant, or the platform-wide vendor firmware). */
    public static final String AGGREGATE = "firmware-product";

    public static final EventKind<FirmwareChannels> UPDATED = EventKind.of("firmware.channel.updated",
            FirmwareChannels.class, SCHEMA_VERSION, Topics.FIRMWARE_ARTIFACTS, AGGREGATE,
            channels -> productKey(channels.tenantId(), channels.vendor(), channels.product()),
            FirmwareChannels::tenantId);

    /** The scope of platform-wide firmware in {@link #productKey}; no tenant id can look like it. */
    public static final String PLATFORM_SCOPE = "_platform";

    /** The aggregate id and Kafka key of a product: {@code <tenant or _platform>/<vendor>/<product>}. */
    public static String productKey(String tenantId, String vendor, String product) {
        return (tenantId == null ? PLATFORM_SCOPE : tenantId) + "/" + vendor + "/" + product;
    }
}
