package org.telprov.provisioning.rollout;

/** Why a device failed, timed out or is excluded. */
public enum Reason {
    /** No check-in of the change within the confirmation window. */
    NO_CHECKIN,
    /** It fetched the first files of the change but not the one that confirms it (Maxwell 1.0: step 1, not step 3). */
    INCOMPLETE,
    /** It was given the firmware link but no complete download followed. */
    DOWNLOAD_INCOMPLETE,
    /** It downloaded the image but never checked in announcing the new version. */
    VERSION_NOT_ANNOUNCED,
    /** Its Digest credentials were refused repeatedly after the change. */
    DIGEST_REFUSED,
    /** Pinned to a release of the profile. */
    PINNED,
    /** Its dialect cannot receive what the rollout brings (firmware to Maxwell 1.1 or Auerswald). */
    UNSUPPORTED_DIALECT,
    /** Label groups only, and it carries none of their labels. */
    IN_NO_GROUP,
    /** Left the rollout's target (another profile, filter no longer matching, released). */
    LEFT_TARGET,
    /** A newer publish took the target's place before the device settled. */
    OVERTAKEN
}
