package org.telprov.redirect.lookup;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A forwarded certificate is believed only as far as a TLS handshake would have believed it. */
class TrustedCertificatesTest {

    private final TrustedCertificates vendorCa = new TrustedCertificates(trustStore("vendor-ca.crt"));
    private final X509Certificate phoneA = certificate("phone-a.crt");

    @Test
    void aPhoneCertificateFromTheTrustedCaIsVerified() {
        assertThatCode(() -> vendorCa.verify(phoneA, new Date())).doesNotThrowAnyException();
        assertThatCode(() -> vendorCa.verify(certificate("phone-b.crt"), new Date())).doesNotThrowAnyException();
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> vendorCa.verify(certificate("rogue.crt"), new Date()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void aSelfSignedCertificateIsRefused() {
        assertThatThrownBy(() -> vendorCa.verify(certificate("server.crt"), new Date()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void aCertificateOutsideItsValidityIsRefused() {
        Date expired = Date.from(phoneA.getNotAfter().toInstant().plus(Duration.ofDays(1)));
        Date notYetValid = Date.from(phoneA.getNotBefore().toInstant().minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> vendorCa.verify(phoneA, expired)).isInstanceOfSatisfying(
                CertPathValidatorException.class, e -> assertThat(e.getReason()).isEqualTo(BasicReason.EXPIRED));
        assertThatThrownBy(() -> vendorCa.verify(phoneA, notYetValid)).isInstanceOfSatisfying(
                CertPathValidatorException.class, e -> assertThat(e.getReason()).isEqualTo(BasicReason.NOT_YET_VALID));
    }

    @Test
    void aTrustStoreWithoutCertificatesIsAMistakeAtStartup() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);

        assertThatThrownBy(() -> new TrustedCertificates(empty)).isInstanceOf(IllegalStateException.class);
    }

    private static KeyStore trustStore(String name) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate(name));
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String name) {
        try (InputStream in = TrustedCertificatesTest.class.getResourceAsStream("/tls/" + name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
