package org.telprov.phonesim;

import org.telprov.phonesim.http.Credentials;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one phone knows before it boots: its MAC, where to ask for its provisioning URL (the redirect service) or the
 * URL itself, its identity (User-Agent, serial, hardware type, OEM and model), initial HTTP credentials, the firmware
 * it runs before it installs any image and which images it refuses to install.
 */
public final class PhoneOptions {

    /** Files a phone follows from one another (Maxwell 1.1 redirect steps, Auerswald reference depth). */
    public static final int DEFAULT_CHAIN_LIMIT = 5;

    private final Mac mac;
    private final URI redirect;
    private final String url;
    private final String urlSource;
    private final Path stateDir;
    private final String userAgent;
    private final Credentials auth;
    private final String serial;
    private final String type;
    private final String oem;
    private final String model;
    private final Duration timeout;
    private final int chainLimit;
    private final String firmware;
    private final Pattern refuseFirmware;

    private PhoneOptions(Builder b) {
        this.mac = Objects.requireNonNull(b.mac, "mac");
        if (b.redirect == null && b.url == null) {
            throw new IllegalArgumentException("a phone needs the redirect service (--redirect) or its URL (--url)");
        }
        this.redirect = b.redirect;
        this.url = b.url;
        this.urlSource = b.urlSource;
        this.stateDir = b.stateDir;
        this.userAgent = b.userAgent;
        this.auth = b.auth;
        this.serial = b.serial;
        this.type = b.type;
        this.oem = b.oem;
        this.model = b.model;
        this.timeout = b.timeout;
        this.chainLimit = b.chainLimit;
        this.firmware = b.firmware;
        this.refuseFirmware = b.refuseFirmware;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive another phone's (the boot storm changes only the MAC). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mac = mac;
        b.redirect = redirect;
        b.url = url;
        b.urlSource = urlSource;
        b.stateDir = stateDir;
        b.userAgent = userAgent;
        b.auth = auth;
        b.serial = serial;
        b.type = type;
        b.oem = oem;
        b.model = model;
        b.timeout = timeout;
        b.chainLimit = chainLimit;
        b.firmware = firmware;
        b.refuseFirmware = refuseFirmware;
        return b;
    }

    public PhoneOptions withMac(Mac other) {
        return toBuilder().mac(other).build();
    }

    public Mac mac() {
        return mac;
    }

    /**
     * The redirect service's lookup URL for this phone: a {@code {mac}} in the configured URL is replaced, otherwise
     * {@code /device/<mac>} is appended to it (the redirect service's base URL).
     */
    public Optional<URI> redirectLookup() {
        if (redirect == null) {
            return Optional.empty();
        }
        String base = redirect.toString();
        if (base.contains("{mac}")) {
            return Optional.of(URI.create(base.replace("{mac}", mac.lower())));
        }
        return Optional.of(URI.create(stripSlash(base) + "/device/" + mac.lower()));
    }

    /** The provisioning URL given directly (the redirect service is not asked), markers not yet replaced. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** Where the given URL came from ({@code DHCP option 43}, …), empty when it was given as a URL. */
    public Optional<String> urlSource() {
        return Optional.ofNullable(urlSource);
    }

    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /** The configured User-Agent with {@code {mac}} replaced, if one was configured. */
    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent).map(ua -> ua.replace("{mac}", mac.upper()));
    }

    public Optional<Credentials> auth() {
        return Optional.ofNullable(auth);
    }

    /** Auerswald's {@code <SERIAL>}: the configured one, or twelve digits derived from the MAC. */
    public String serial() {
        return serial != null ? serial : String.format("%012d", mac.value() % 1_000_000_000_000L);
    }

    /** Auerswald's {@code <HWTYP>}: the configured one or {@code D200}. */
    public String type() {
        return type != null ? type : "D200";
    }

    public Optional<String> oem() {
        return Optional.ofNullable(oem);
    }

    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    public Duration timeout() {
        return timeout;
    }

    public int chainLimit() {
        return chainLimit;
    }

    /** The firmware version the phone runs before it installs an image, if configured (else its family's). */
    public Optional<String> firmware() {
        return Optional.ofNullable(firmware);
    }

    /**
     * Whether the phone refuses to install an image of the version (it downloads it, then keeps running what it ran):
     * the version matches the configured pattern; an image that names no version is matched as the empty string.
     */
    public boolean refusesFirmware(String version) {
        return refuseFirmware != null && refuseFirmware.matcher(version == null ? "" : version).matches();
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** Builds {@link PhoneOptions}; the MAC and one of redirect or URL are required. */
    public static final class Builder {
        private Mac mac;
        private URI redirect;
        private String url;
        private String urlSource;
        private Path stateDir;
        private String userAgent;
        private Credentials auth;
        private String serial;
        private String type;
        private String oem;
        private String model;
        private Duration timeout = Duration.ofSeconds(30);
        private int chainLimit = DEFAULT_CHAIN_LIMIT;
        private String firmware;
        private Pattern refuseFirmware;

        private Builder() {
        }

        public Builder mac(Mac mac) {
            this.mac = mac;
            return this;
        }

        public Builder mac(String mac) {
            return mac(Mac.parse(mac));
        }

        public Builder redirect(URI redirect) {
            this.redirect = redirect;
            return this;
        }

        /** The provisioning URL; it may hold the family's markers ({@code <MACADR>}, {@code {mac}}, …). */
        public Builder url(String url) {
            this.url = url;
            this.urlSource = null;
            return this;
        }

        /**
         * The provisioning URL the phone puts together from DHCP options, as a phone booting without the redirect
         * service does.
         *
         * @throws IllegalArgumentException when the options name a TFTP server rather than an http(s) URL
         */
        public Builder dhcp(DhcpOptions options) {
            this.url = options.provisioningUrl();
            this.urlSource = options.source();
            return this;
        }

        public Builder url(URI url) {
            return url(url.toString());
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder auth(Credentials auth) {
            this.auth = auth;
            return this;
        }

        public Builder serial(String serial) {
            this.serial = serial;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder oem(String oem) {
            this.oem = oem;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder chainLimit(int chainLimit) {
            if (chainLimit < 1) {
                throw new IllegalArgumentException("the chain limit is at least 1");
            }
            this.chainLimit = chainLimit;
            return this;
        }

        /** The firmware version the phone runs before it installs any image. */
        public Builder firmware(String firmware) {
            if (firmware != null && (firmware.isBlank() || !firmware.matches("[^\\s;/]+"))) {
                throw new IllegalArgumentException("a firmware version has no blank, ';' or '/': " + firmware);
            }
            this.firmware = firmware;
            return this;
        }

        /**
         * Images whose version matches the pattern (whole, a Java regular expression; {@code .*} every image) are
         * downloaded and refused, as by a phone that cannot flash them.
         */
        public Builder refuseFirmware(String pattern) {
            try {
                this.refuseFirmware = pattern == null ? null : Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--refuse-firmware: not a regular expression: " + pattern);
            }
            return this;
        }

        public PhoneOptions build() {
            return new PhoneOptions(this);
        }
    }
}
