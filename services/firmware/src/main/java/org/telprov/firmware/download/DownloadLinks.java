package org.telprov.firmware.download;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.support.link.LinksConfig;
import org.telprov.support.link.SignedLinks;
import org.telprov.support.problem.ProblemException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs and checks the links devices download artifacts with ({@link SignedLinks} over artifact id, the device's
 * tenant, MAC and expiry).
 */
@ApplicationScoped
public class DownloadLinks {

    /** Where devices download; the artifact id follows. */
    public static final String PATH = "/firmware/download/";

    private final SignedLinks signer;
    private final LinksConfig config;
    private final Clock clock;

    public DownloadLinks(LinksConfig config) {
        // required in production (application.properties); the dev and test profiles set one
        this.signer = new SignedLinks(config.secret().orElseThrow(
                () -> new IllegalStateException("telprov.links.secret is not set")));
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param tenant the device's tenant, or the platform scope for a link no tenant's device is meant to have; the
     *               download serves the link only an artifact of this tenant or of the platform
     */
    public LinkView sign(UUID artifactId, String tenant, LinkRequest request) {
        MacAddress mac = parseMac(request.mac());
        Duration validity = request.validForSeconds() == null ? config.defaultValidity()
                : Duration.ofSeconds(request.validForSeconds());
        if (validity.compareTo(config.maxValidity()) > 0) {
            validity = config.maxValidity();
        }
        Instant expires = clock.instant().plus(validity);
        return new LinkView(PATH + artifactId + "?" + signer.query(artifactId.toString(), tenant, mac.toString(), expires),
                mac.toString(), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** Whether the link's parameters are a valid, unexpired signature of the artifact for the tenant and MAC. */
    public boolean verify(String artifactId, String tenant, String mac, String expires, String signature) {
        return mac != null && MacAddress.isValid(mac) && mac.equals(MacAddress.parse(mac).toString())
                && signer.verify(artifactId, tenant, mac, expires, signature, clock.instant());
    }

    private static MacAddress parseMac(String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_mac", e.getMessage(), "mac");
        }
    }
}
