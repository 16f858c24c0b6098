package org.telprov.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.telprov.support.probing.ProbeBudget;

import java.time.Duration;
import java.util.Optional;

/**
 * Where devices reach this service and the firmware service, how secrets are sealed, the render cache, how what a
 * device gets is kept in memory, how devices authenticate for their files, how long old releases stay served, the
 * probing budget of device paths, and how check-ins are buffered.
 */
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

    /**
     * How many files rendered for one device the cache keeps: those of devices with overrides, and files that name
     * a link signed for the device.
     */
    @WithDefault("20000")
    int renderCacheSize();

    /** How many shared files (per release, file variant, vendor, model and firmware) the cache keeps. */
    @WithDefault("10000")
    int sharedRenderCacheSize();

    /**
     * How long a release stays served under its UVC ({@code nvm/<uvc>/…}, {@code custom/<uvc>/…}) after a newer
     * release of its profile was published, unless it is still the device's current or pinned one. A phone reads the
     * UVC in step 2 and fetches step 3 under it moments later, or at its next boot after a failed download; a day
     * covers a phone that retries in the next night's maintenance window, while settings with rotated secrets stop
     * being served a day after their successor (docs/device-files.md).
     */
    @WithDefault("PT24H")
    Duration releaseGrace();

    /**
     * The probing budget of the device files: answers for an unknown or released MAC, a device without a release or
     * a UVC it is not served, per source address; an address without budget gets 429 for every device file.
     */
    ProbeBudget.Config probing();

    Firmware firmware();

    DeviceAuth deviceAuth();

    Memory memory();

    Checkins checkins();

    /**
     * What a device gets, held in memory on every replica (docs/device-files.md): devices from inventory's events,
     * profiles with their releases, pins and audiences, firmware channels and device-auth settings polled by version.
     */
    interface Memory {

        /**
         * How often a replica polls the versions of profiles, firmware channels and device-auth settings: a write
         * through another replica is served here at most this much later (the replica that took it serves it at once).
         */
        @WithDefault("PT0.25S")
        Duration pollInterval();

        /**
         * How much release content (parameters, certificates and per-device overrides, counted one each) a replica
         * keeps in memory; contents beyond it are read again from the database when asked for.
         */
        @WithDefault("200000")
        int contentWeight();
    }

    /**
     * The {@code device.fetched} check-ins: merged per device and boot window, published best effort straight to Kafka
     * (not through the outbox).
     */
    interface Checkins {

        /** Fetches waiting for the sender; when full, new ones are dropped and counted. */
        @WithDefault("10000")
        int bufferSize();

        /** Fetches the sender takes from the buffer per round. */
        @WithDefault("500")
        int batchSize();

        /** How long after a device's first fetch its further fetches join the same check-in (its boot). */
        @WithDefault("PT10S")
        Duration window();

        /**
         * Devices whose check-in is held open at most; when another device comes, the oldest one's check-in is sent
         * early. One second of a boot storm of 2,500 phones a second, whose boots take well under a second (so they
         * stay one check-in each): every pending boot is a handful of objects that outlive young collections, and
         * 20,000 of them (the default until 2026-12-07) made each young pause of the serial collector about four
         * times longer (docs/performance.md).
         */
        @WithDefault("2500")
        int pendingDevices();

        /** The broker for the check-in producer; {@code kafka.bootstrap.servers} when absent. */
        Optional<String> bootstrapServers();

        /** How long the sender may wait for the broker's metadata before dropping a check-in. */
        @WithDefault("1s")
        Duration maxBlock();

        /**
         * How long a check-in may wait in the producer for the broker's acknowledgement before it counts as lost: long
         * enough to ride out a Kafka outage of minutes, since a lost confirmation is never made again (a Maxwell 1.0
         * phone that took a release never fetches its settings again) and a rollout would count the phone as failed.
         * The producer's buffer (8 MB) bounds what waits.
         */
        @WithDefault("2m")
        Duration deliveryTimeout();
    }

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

    /** HTTP Digest for device files (RFC 7616); whether a tenant uses it is the tenant's setting. */
    interface DeviceAuth {

        /**
         * The realm of the challenges; {@code {tenant}} is replaced by the device's tenant. Devices hash it with
         * their password on every request, so changing it needs nothing from them.
         */
        @WithDefault("telprov")
        String realm();

        /**
         * The key (at least 32 bytes of text) that signs nonces, so any replica verifies any replica's nonce: every
         * replica needs the same one. Without it, a key derived from {@code telprov.provisioning.secrets-key} is used,
         * and without that a random key per process (one replica only).
         */
        Optional<String> nonceKey();

        /** How long a nonce is accepted; a device answering an older one gets a fresh challenge with stale=true. */
        @WithDefault("PT5M")
        Duration nonceValidity();

        /**
         * How many nonces this replica remembers the last accepted nonce count of (replay protection); beyond it
         * the oldest are forgotten and their nonces answered as stale.
         */
        @WithDefault("100000")
        int replayCapacity();

        /**
         * How many devices' held credentials ({@code device_credentials}) a replica keeps in memory, about 160 bytes of
         * heap each (40 MB at the default); beyond it the least used are read again from the database, on a worker.
         * Set it to the number of devices with Digest on that the replicas serve.
         */
        @WithDefault("250000")
        int credentialsCacheSize();
    }
}
