package org.telprov.console.web;

import java.util.List;
import java.util.Map;

/**
 * A warning the provisioning API gave with a publish (the release went out, but will not do everything), with its code
 * and what it means for the partner in words. The API decides when to warn; the console only words the codes it
 * knows, and shows any other by its code.
 */
public record PublishWarning(String code, String explanation, String link, String linkText) {

    private static final Map<String, PublishWarning> KNOWN = Map.of(
            "no_credentials", new PublishWarning("no_credentials",
                    "Device authentication is on (HTTP Digest), but this release sets no Digest user name and "
                            + "password (System.Security.HTTPAuthUsername and System.Security.HTTPAuthPassword). "
                            + "Its devices will be refused every protected file, except those that have both as "
                            + "per-device overrides. Add both as parameters (the password as a secret) and publish "
                            + "again, or turn device authentication off.",
                    "/device-auth", "Device authentication setting"));

    static List<PublishWarning> of(List<String> codes) {
        if (codes == null) {
            return List.of();
        }
        return codes.stream().distinct().map(code -> KNOWN.getOrDefault(code, new PublishWarning(code,
                "The provisioning API warned about this release; its documentation explains the code.", null, null)))
                .toList();
    }
}
