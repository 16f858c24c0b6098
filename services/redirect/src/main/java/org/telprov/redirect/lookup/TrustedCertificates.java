package org.telprov.redirect.lookup;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a client certificate that did not come through this service's own TLS handshake (a proxy's forwarded
 * header) the way the JDK checks one that did: a PKIX path to one of the trusted vendor CAs, valid on the given date,
 * meant for client authentication when it says what it is meant for.
 */
final class TrustedCertificates {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;

    /** Every certificate of the trust store is an anchor, as for the JDK's trust manager. */
    TrustedCertificates(KeyStore trustStore) {
        Set<TrustAnchor> found = new HashSet<>();
        try {
            for (String alias : Collections.list(trustStore.aliases())) {
                if (trustStore.isCertificateEntry(alias) && trustStore.getCertificate(alias) instanceof X509Certificate ca) {
                    found.add(new TrustAnchor(ca, null));
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("the client-certificate trust store cannot be read", e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("the client-certificate trust store holds no CA certificate");
        }
        this.anchors = Set.copyOf(found);
    }

    /** Whether the certificate chains to a trusted CA and is valid at {@code when}; why not is in the exception. */
    void verify(X509Certificate certificate, Date when) throws CertPathValidatorException {
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            // vendors' device CAs publish no revocation lists phones could be checked against; neither does the JDK
            // check them in the TLS mode unless told to
            parameters.setRevocationEnabled(false);
            parameters.setDate(when);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        } catch (CertPathValidatorException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new CertPathValidatorException(e);
        }
        if (!meantForClientAuthentication(certificate)) {
            throw new CertPathValidatorException("not a client certificate (extended key usage)");
        }
    }

    private static boolean meantForClientAuthentication(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
