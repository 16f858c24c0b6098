package org.telprov.provisioning.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Which of a profile's releases a device gets (docs/device-files.md): the one it is pinned to on the profile, else the
 * newest whose audience includes it; under a named UVC, that release while it is served to the device.
 */
final class ReleaseChoice {

    private ReleaseChoice() {
    }

    /**
     * The device's current release: the one it is pinned to, else the newest one for it. {@code null} for none.
     *
     * @param mac    12 lower-case hex digits
     * @param labels the device's labels
     */
    static ProfileRoutes.Candidate current(ProfileRoutes.Route route, String mac, List<String> labels) {
        UUID pin = route.pin(Long.parseLong(mac, 16));
        int bucket = -1;
        for (ProfileRoutes.Candidate candidate : route.newestFirst()) {
            if (pin != null) {
                if (candidate.id().equals(pin)) {
                    return candidate;
                }
                continue;
            }
            if (candidate.rolloutMacs() != null) {
                // a release for rollouts: only the devices a rollout offered it
                if (Arrays.binarySearch(candidate.rolloutMacs(), Long.parseLong(mac, 16)) >= 0) {
                    return candidate;
                }
                continue;
            }
            if (candidate.label() == null && candidate.percent() == null
                    || candidate.label() != null && labels.contains(candidate.label())) {
                return candidate;
            }
            if (candidate.percent() != null) {
                if (bucket < 0) {
                    bucket = bucket(route.profileIdText(), mac);
                }
                if (bucket < candidate.percent()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * The release with the UVC while it is served to the device: its successor (the profile's next release) was
     * published after {@code graceStart} (a UVC), or it has none, or it is the device's current release. {@code null}
     * otherwise, and for a UVC the profile has no release under.
     */
    static ProfileRoutes.Candidate named(ProfileRoutes.Route route, String mac, List<String> labels, String uvc,
                                         String graceStart) {
        List<ProfileRoutes.Candidate> releases = route.newestFirst();
        for (int i = 0; i < releases.size(); i++) {
            ProfileRoutes.Candidate candidate = releases.get(i);
            if (candidate.uvc().equals(uvc)) {
                if (i == 0 || releases.get(i - 1).uvc().compareTo(graceStart) > 0) {
                    return candidate;
                }
                return current(route, mac, labels) == candidate ? candidate : null;
            }
        }
        return null;
    }

    /**
     * The device's bucket on the profile, 0 to 99: the first 32 bits of md5(profile id as text, MAC) as an unsigned
     * number, mod 100. The same devices for every release of the profile, so a widened or republished percentage keeps
     * the devices it had.
     */
    static int bucket(String profileId, String mac) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest((profileId + mac).getBytes(StandardCharsets.US_ASCII));
            long first = ((md5[0] & 0xffL) << 24) | ((md5[1] & 0xffL) << 16) | ((md5[2] & 0xffL) << 8) | (md5[3] & 0xffL);
            return (int) (first % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
