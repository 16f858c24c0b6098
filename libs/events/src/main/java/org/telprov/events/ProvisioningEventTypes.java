package org.telprov.events;

/**
 * The provisioning service's event types and aggregate, next to {@link EventTypes} (kept apart so the additions of
 * issue 5 leave that class untouched). Releases travel on {@link Topics#PROVISIONING_RELEASES} keyed by
 * {@link #profileKey}; the files devices fetch are {@link EventTypes#DEVICE_FETCHED} check-ins with service
 * {@link #SERVICE}.
 */
public final class ProvisioningEventTypes {

    /** Aggregate type: one provisioning profile of one tenant. */
    public static final String PROFILE = "provisioning-profile";

    /** A profile was published as a new immutable release ({@link ReleasePublished}). */
    public static final String RELEASE_PUBLISHED = "provisioning.release.published";

    /** The {@code service} of the provisioning service's check-ins. */
    public static final String SERVICE = "provisioning";

    private ProvisioningEventTypes() {
    }

    /** The aggregate id and Kafka key of a profile: {@code <tenant id>/<profile name>}. */
    public static String profileKey(String tenantId, String profile) {
        return tenantId + "/" + profile;
    }
}
