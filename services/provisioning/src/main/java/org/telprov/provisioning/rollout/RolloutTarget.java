package org.telprov.provisioning.rollout;

import java.util.Objects;

/**
 * What a rollout brings to its devices: a release of one profile (the version is its UVC) or a firmware artifact of a
 * product's channel (the version is the artifact id, {@code firmwareVersion} the version the image announces). The
 * {@code key} names what may have one running rollout at a time: the profile, or the product's channel.
 */
public record RolloutTarget(Kind kind, String key, String version, String firmwareVersion) {

    /** The two kinds of change a phone receives. */
    public enum Kind { RELEASE, FIRMWARE }

    public RolloutTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        if (kind == Kind.FIRMWARE) {
            Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        }
    }

    /** A release of a tenant's profile, named by its UVC. */
    public static RolloutTarget release(String tenantId, String profile, String uvc) {
        return new RolloutTarget(Kind.RELEASE, "profile:" + tenantId + "/" + profile, uvc, null);
    }

    /**
     * A firmware artifact for the devices that get a product's channel.
     *
     * @param scope the tenant id, or {@code _platform}
     */
    public static RolloutTarget firmware(String scope, String vendor, String product, String channel,
                                         String artifactId, String firmwareVersion) {
        return new RolloutTarget(Kind.FIRMWARE, "channel:" + scope + "/" + vendor + "/" + product + "/" + channel,
                artifactId, firmwareVersion);
    }
}
