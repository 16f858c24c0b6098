package org.telprov.e2e;

import java.util.List;
import java.util.Map;

/** The Maxwell 1.0 profile the rollout tests roll out: releases told apart by a display name, with Digest on. */
final class RolloutProfiles {

    private static final String DIGEST_USER = "acme-phone";
    private static final String DIGEST_PASSWORD = "digest-pass-15";

    private RolloutProfiles() {
    }

    /** The profile's parameters: a display name telling the releases apart and the tenant's Digest credentials. */
    static List<Map<String, Object>> parameters(String displayName) {
        return List.of(Map.of("name", "SIP.Account.0.DisplayName", "value", displayName),
                Map.of("name", "System.Security.HTTPAuthUsername", "value", DIGEST_USER),
                Map.of("name", "System.Security.HTTPAuthPassword", "value", DIGEST_PASSWORD, "secret", true));
    }
}
