package org.telprov.events;

import java.time.Instant;

/**
 * Payload of {@code provisioning.release.published} (schema version 1): a profile was frozen into an immutable release.
 * It names the release and summarises its content; parameter values (secrets among them) never travel in events.
 *
 * @param uvc              the release's Unique Version Control {@code YYYY-MM-DD_HH:MM:SS}, strictly increasing per
 *                         profile
 * @param rolledBackFrom   the UVC whose content this release republishes, or {@code null} for a publish of the profile
 * @param parameters       number of settings parameters
 * @param overrides        number of devices (MACs) with parameter overrides
 * @param certificates     number of CA certificates
 * @param firmwareArtifact the firmware artifact id the release refers to, or {@code null}
 * @param firmwareChannel  the firmware channel the release refers to ({@code vendor/product/channel}), or {@code null}
 */
public record ReleasePublished(String tenantId, String profile, String uvc, String rolledBackFrom, int parameters,
                               int overrides, int certificates, String firmwareArtifact, String firmwareChannel,
                               Instant publishedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Aggregate type: one provisioning profile of one tenant, keyed by {@link #profileKey}. */
    public static final String AGGREGATE = "provisioning-profile";

    public static final EventKind<ReleasePublished> PUBLISHED = EventKind.of("provisioning.release.published",
            ReleasePublished.class, SCHEMA_VERSION, Topics.PROVISIONING_RELEASES, AGGREGATE,
            release -> profileKey(release.tenantId(), release.profile()), ReleasePublished::tenantId);

    /** The aggregate id and Kafka key of a profile: {@code <tenant id>/<profile name>}. */
    public static String profileKey(String tenantId, String profile) {
        return tenantId + "/" + profile;
    }
}
