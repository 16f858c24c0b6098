package org.telprov.provisioning.profile;

import org.telprov.support.problem.ProblemException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/** Validates CA certificates given as PEM text or base64 DER, and keeps them as PEM. */
final class Certificates {

    private Certificates() {
    }

    /**
     * @throws ProblemException 400 {@code invalid_certificate} naming the field when the data is not one X.509
     *                          certificate
     */
    static ProfileContent.Certificate parse(String name, String data, String field) {
        byte[] bytes;
        if (data.contains("-----BEGIN")) {
            bytes = data.getBytes(StandardCharsets.US_ASCII);
        } else {
            try {
                bytes = Base64.getMimeDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw invalid(field);
            }
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
            byte[] der = certificate.getEncoded();
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new ProfileContent.Certificate(name, pem, certificate.getSubjectX500Principal().getName(), sha256,
                    certificate.getNotAfter().toInstant());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid(field);
        }
    }

    private static ProblemException invalid(String field) {
        return ProblemException.badRequest("invalid_certificate",
                "not an X.509 certificate in PEM or base64-encoded DER", field);
    }
}
