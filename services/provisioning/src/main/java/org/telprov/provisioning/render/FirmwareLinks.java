package org.telprov.provisioning.render;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.link.LinksConfig;
import org.telprov.support.link.SignedLinks;

import java.time.Instant;
import java.util.Optional;

/**
 * Signed download links of firmware artifacts on the firmware service, for one device of one tenant each: the link
 * signs the device's tenant, and firmware serves it only that tenant's or platform-wide artifacts. Links expire at the
 * end of the window after the current one ({@code firmware.link-validity}), so a file naming a link is byte-stable
 * within a window.
 */
@ApplicationScoped
public class FirmwareLinks {

    private final ProvisioningConfig config;
    private final Optional<SignedLinks> links;

    public FirmwareLinks(ProvisioningConfig config, LinksConfig links) {
        this.config = config;
        this.links = links.secret().map(SignedLinks::new);
    }

    /** Whether links can be signed at all; without the shared secret no file names firmware. */
    public boolean available() {
        return links.isPresent();
    }

    /**
     * The artifact's download link for the device, signed for its tenant.
     *
     * @throws java.util.NoSuchElementException when links are not {@link #available()}
     */
    public String url(String artifactId, DeviceRelease device, Instant now) {
        Instant expires = Instant.ofEpochSecond(window(now) * windowSeconds() + 2 * windowSeconds());
        return config.firmware().baseUrl() + "/firmware/download/" + artifactId + "?"
                + links.orElseThrow().query(artifactId, device.tenantId(), device.mac(), expires);
    }

    /** The link window of an instant; part of the cache key of a file that names a link. */
    public long window(Instant now) {
        return now.getEpochSecond() / windowSeconds();
    }

    private long windowSeconds() {
        return Math.max(1, config.firmware().linkValidity().toSeconds());
    }
}
