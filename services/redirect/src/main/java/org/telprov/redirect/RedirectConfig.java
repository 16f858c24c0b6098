package org.telprov.redirect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.telprov.support.probing.ProbeBudget;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the redirect service. */
@ConfigMapping(prefix = "telprov.redirect")
public interface RedirectConfig {

    /** The status a known device is answered with; some fleets want 307 or 301 instead of 302. */
    @WithDefault("302")
    int redirectStatus();

    /**
     * Vendor families by name ({@code gigaset}, {@code auerswald}, …). The name is also the part of inventory's vendor
     * id before the first {@code -} ({@code gigaset-maxwell} belongs to {@code gigaset}). Defaults in
     * {@code application.properties}.
     */
    Map<String, Family> families();

    /**
     * The probing budget: unknown-MAC (and certificate-refused) lookups per source address, against scanners walking
     * MAC ranges; known devices are never limited.
     */
    ProbeBudget.Config probing();

    Checkins checkins();

    ClientCertificate clientCertificate();

    /** How a vendor family's phones name themselves and what answer they expect. */
    interface Family {

        /**
         * A regular expression found in the family's {@code User-Agent}, with a named group {@code mac} capturing the
         * MAC in one of the forms {@link org.telprov.events.MacAddress} accepts.
         */
        Optional<String> userAgent();

        /** {@code redirect} (the status above with a Location) or {@code xml} (200 with a small XML document). */
        @WithDefault("redirect")
        Answer answer();
    }

    enum Answer {
        REDIRECT, XML
    }

    /** The {@code device.redirected} telemetry: best effort, buffered, never in the way of a lookup. */
    interface Checkins {

        @WithDefault("true")
        boolean enabled();

        /** Events waiting to be sent; when full, new ones are dropped and counted. */
        @WithDefault("10000")
        int bufferSize();

        /** Events taken from the buffer per round of the sender. */
        @WithDefault("500")
        int batchSize();

        /** The broker for the telemetry producer; {@code kafka.bootstrap.servers} when absent. */
        Optional<String> bootstrapServers();

        /** How long the sender may wait for the broker's metadata before dropping an event. */
        @WithDefault("1s")
        Duration maxBlock();

        /** How long an event may wait in the producer for the broker's acknowledgement before it counts as lost. */
        @WithDefault("10s")
        Duration deliveryTimeout();
    }

    /** Where the client certificates of tenants with {@code redirectAuth=client-certificate} are read from. */
    interface ClientCertificate {

        /**
         * A request header carrying the client certificate as URL-encoded PEM, set by a TLS-terminating proxy
         * (ingress-nginx: {@code ssl-client-cert}). The certificate is verified again here against the HTTP server's
         * trust store ({@code quarkus.tls.trust-store.pem.certs}, required with this setting): chain, validity dates,
         * client-authentication usage; one that fails counts as none. Still let phones reach the service through that
         * proxy alone, which overwrites the header, or any caller can replay a phone's certificate (it is not secret).
         * Without it (or when a request lacks it) the certificate is the one of the request's own TLS connection.
         */
        Optional<String> forwardedHeader();
    }
}
