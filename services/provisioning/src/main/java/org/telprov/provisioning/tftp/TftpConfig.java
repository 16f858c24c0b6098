package org.telprov.provisioning.tftp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.telprov.support.probing.ProbeBudget;

import java.time.Duration;

/**
 * The TFTP server of the device files (docs/device-files.md#tftp): off unless enabled, where it listens, its
 * retransmission, the options it grants, and what keeps one host from exhausting it.
 */
@ConfigMapping(prefix = "telprov.provisioning.tftp")
public interface TftpConfig {

    /** Whether the service answers TFTP at all; the chart turns it on (port 69), the local platform on 6969. */
    @WithDefault("false")
    boolean enabled();

    /** The address the request port listens on. */
    @WithDefault("0.0.0.0")
    String host();

    /** The request port (69 in production; 0 picks a free one, as the tests do). */
    @WithDefault("6969")
    int port();

    /**
     * How long a block waits for its acknowledgement before it is sent again, unless the client asks for another
     * (the {@code timeout} option of RFC 2349, 1 to 255 s).
     */
    @WithDefault("PT1S")
    Duration timeout();

    /**
     * How many times a block (or the option acknowledgement) is sent again before the transfer is given up: a client
     * that vanished frees its transfer after {@code (retries + 1) * timeout}.
     */
    @WithDefault("5")
    int retries();

    /** The largest block a client is granted (RFC 2348 allows up to 65464 bytes); larger requests get this. */
    @WithDefault("65464")
    int maxBlockSize();

    /** The most blocks sent before an acknowledgement (RFC 7440 windowsize); larger requests get this. */
    @WithDefault("64")
    int maxWindowSize();

    /** Transfers in progress at once, all clients together; a request beyond them is refused with an error. */
    @WithDefault("200")
    int maxTransfers();

    /**
     * Requests one source address may make (rate per second, burst, state slots), whatever it asks for; requests
     * beyond it are dropped unanswered. Unknown MACs spend the device files' probing budget besides, as over HTTP.
     */
    ProbeBudget.Config requests();
}
