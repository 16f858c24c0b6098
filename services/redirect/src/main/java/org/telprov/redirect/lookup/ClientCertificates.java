package org.telprov.redirect.lookup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.telprov.events.MacAddress;
import org.telprov.redirect.RedirectConfig;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which MACs a phone's TLS client certificate names, for tenants that want their phones to prove who they are.
 * Vendors put a phone's MAC into its factory certificate's common name ({@code CN=001565123456}, {@code
 * CN=SEP001565123456}), its serial-number attribute or a subject alternative name, with or without separators.
 *
 * <p>Only certificates verified against the trusted vendor CAs ({@code quarkus.tls.trust-store}) are read: the JDK
 * hands out a connection's peer certificates only after checking them, and a certificate forwarded by a proxy (see
 * {@link RedirectConfig.ClientCertificate}) is checked here against the same trust store, since anyone who reaches
 * the service past the proxy can write that header.
 */
@Startup
@ApplicationScoped
public class ClientCertificates {

    /**
     * A MAC written in one piece or in pairs with one kind of separator, not followed by more digits or pairs
     * ({@code urn:dev:mac:…} and {@code SEP…} prefixes are fine: the prefix is not a pair of its own).
     */
    private static final Pattern MAC = Pattern.compile(
            "(?<![0-9A-Fa-f])[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|\\1[0-9A-Fa-f])");
    private static final String SERIAL_NUMBER_OID = "2.5.4.5";
    private static final int DNS_NAME = 2;
    private static final int URI = 6;

    private final String forwardedHeader;
    private final TrustedCertificates trusted;
    private final Counter unreadable;
    private final Counter untrusted;

    public ClientCertificates(RedirectConfig config, MeterRegistry registry, TlsConfigurationRegistry tls,
                              @ConfigProperty(name = "quarkus.http.tls-configuration-name") Optional<String> tlsName) {
        this.forwardedHeader = config.clientCertificate().forwardedHeader().orElse(null);
        this.trusted = forwardedHeader == null ? null : trustedCas(tls, tlsName);
        this.unreadable = registry.counter("telprov.redirect.client.certificates.unreadable");
        this.untrusted = registry.counter("telprov.redirect.client.certificates.untrusted");
    }

    /** The HTTP server's trust store: without one, a forwarded certificate could not be verified, so none is read. */
    private static TrustedCertificates trustedCas(TlsConfigurationRegistry tls, Optional<String> tlsName) {
        Optional<TlsConfiguration> configuration = tlsName.isPresent() ? TlsConfiguration.from(tls, tlsName) : tls.getDefault();
        KeyStore trustStore = configuration.map(TlsConfiguration::getTrustStore).orElse(null);
        if (trustStore == null) {
            throw new IllegalStateException("telprov.redirect.client-certificate.forwarded-header is set, but there is"
                    + " no trust store to verify the forwarded certificates with: set quarkus.tls.trust-store.pem.certs"
                    + " to the phone vendors' CA certificates (PEM)");
        }
        return new TrustedCertificates(trustStore);
    }

    /** The MACs the request's client certificate names; empty without a (verified) certificate. */
    public Set<Long> macsOf(HttpServerRequest request) {
        X509Certificate certificate = certificateOf(request);
        return certificate == null ? Set.of() : macsNamedBy(certificate);
    }

    private X509Certificate certificateOf(HttpServerRequest request) {
        String forwarded = forwardedHeader == null ? null : request.getHeader(forwardedHeader);
        if (forwarded != null && !forwarded.isEmpty()) {
            X509Certificate certificate = fromPem(forwarded);
            return certificate == null || !isTrusted(certificate) ? null : certificate;
        }
        SSLSession session = request.sslSession();
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }

    /** The header's URL-encoded PEM ('+' kept: base64 uses it), or null when it is not a certificate. */
    private X509Certificate fromPem(String encoded) {
        try {
            byte[] pem = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.US_ASCII);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            unreadable.increment();
            Log.debugf("unreadable forwarded client certificate: %s", e.toString());
            return null;
        }
    }

    private boolean isTrusted(X509Certificate certificate) {
        try {
            trusted.verify(certificate, new Date());
            return true;
        } catch (CertPathValidatorException e) {
            untrusted.increment();
            Log.debugf("untrusted forwarded client certificate %s: %s",
                    certificate.getSubjectX500Principal(), e.getMessage());
            return false;
        }
    }

    /** The MACs in the certificate's common names, serial numbers and DNS or URI alternative names. */
    static Set<Long> macsNamedBy(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        String subject = certificate.getSubjectX500Principal()
                .getName(X500Principal.RFC2253, Map.of(SERIAL_NUMBER_OID, "SERIALNUMBER"));
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") || rdn.getType().equalsIgnoreCase("SERIALNUMBER")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // the JDK wrote this name itself; it always parses
            throw new IllegalStateException(e);
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    Object type = alternative.get(0);
                    if (type instanceof Integer kind && (kind == DNS_NAME || kind == URI)) {
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a malformed extension names nothing; the subject may still do
        }
        Set<Long> macs = new HashSet<>();
        for (String name : names) {
            Matcher matcher = MAC.matcher(name);
            while (matcher.find()) {
                macs.add(MacAddress.parse(matcher.group()).value());
            }
        }
        return macs;
    }
}
