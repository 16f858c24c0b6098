package org.telprov.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where devices reach this service and the firmware service, how secrets are sealed, and the render cache's size. */
@ConfigMapping(prefix = "telprov.provisioning")
public interface ProvisioningConfig {

    /**
     * The URL devices use to reach this service (scheme, host, port, optional path prefix, no trailing slash); the
     * URLs in the files it renders start with it. In production it is the ingress' public URL.
     */
    @WithDefault("http://127.0.0.1:8082")
    String publicBaseUrl();

    /**
     * The AES-256 key (base64 of 32 bytes) that seals the secret parameters of profiles. No default in production;
     * without it the service runs, but refuses profiles with secret parameters (503 {@code secrets_unavailable}).
     */
    Optional<String> secretsKey();

    /** Longest parameter value a profile may carry, in characters. */
    @WithDefault("4096")
    int maxValueLength();

    /** How many rendered files (per release, device and file) the cache keeps. */
    @WithDefault("20000")
    int renderCacheSize();

    Firmware firmware();

    interface Firmware {

        /** The URL devices use to reach the firmware service; signed download links are rendered below it. */
        @WithDefault("http://127.0.0.1:8083")
        String baseUrl();

        /**
         * How long a rendered firmware link stays valid at least. Links expire at the end of the next such window
         * (aligned to the epoch), so a device's firmware file stays byte-identical within a window.
         */
        @WithDefault("P7D")
        Duration linkValidity();
    }
}
