package org.telprov.redirect.lookup;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.TenantSnapshot;
import org.telprov.redirect.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.redirect.Redirect.device;
import static org.telprov.redirect.Redirect.send;
import static org.telprov.redirect.Redirect.tenant;

/**
 * A tenant with {@code redirectAuth=client-certificate}: its phones are answered only with a certificate from a
 * trusted vendor CA that names the MAC they ask for, presented over TLS or forwarded by a TLS-terminating proxy (and
 * verified again here: the header can be forged). The fixtures in {@code src/test/resources/tls} come from its {@code generate.sh}.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ClientCertificateTest {

    private static final String PHONE_A = "001565a1b2c3";
    private static final String PHONE_B = "001565d4e5f6";
    private static final String PHONE_WITHOUT_CERTIFICATE = "001565000001";
    private static final String OPEN_TENANTS_PHONE = "001565000002";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @TestHTTPResource("/")
    URL http;

    @Inject
    MeterRegistry registry;

    private static boolean registered;

    @BeforeEach
    void tenantsAndDevices() throws Exception {
        if (registered) {
            return;
        }
        registered = true;
        send(tenant(TenantSnapshot.CREATED, "cert-acme", "https://prov.acme.example/{mac}", "active", 1,
                TenantSnapshot.REDIRECT_AUTH_CLIENT_CERTIFICATE));
        send(tenant(TenantSnapshot.CREATED, "cert-open", "https://prov.open.example/{mac}", "active", 1,
                TenantSnapshot.REDIRECT_AUTH_NONE));
        send(device(DeviceSnapshot.REGISTERED, PHONE_A, "cert-acme", "A", 1));
        send(device(DeviceSnapshot.REGISTERED, PHONE_B, "cert-acme", "B", 1));
        send(device(DeviceSnapshot.REGISTERED, PHONE_WITHOUT_CERTIFICATE, "cert-acme", "C", 1));
        send(device(DeviceSnapshot.REGISTERED, OPEN_TENANTS_PHONE, "cert-open", "D", 1));
        HttpClient plain = client(null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(plain, http, PHONE_WITHOUT_CERTIFICATE, forwarded("phone-a")).statusCode() == 404
                        && get(plain, http, PHONE_A, forwarded("phone-a")).statusCode() == 302
                        && get(plain, http, PHONE_B, forwarded("phone-b")).statusCode() == 302
                        && get(plain, http, OPEN_TENANTS_PHONE, null).statusCode() == 302);
    }

    @Test
    void aPhoneWhoseCertificateNamesItsMacIsRedirectedOverTls() throws Exception {
        HttpResponse<String> answer = get(client("phone-a"), https, PHONE_A, null);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValue("https://prov.acme.example/001565A1B2C3");
    }

    @Test
    void aMacInASubjectAlternativeNameCountsToo() throws Exception {
        assertThat(get(client("phone-b"), https, PHONE_B, null).statusCode()).isEqualTo(302);
    }

    @Test
    void aCertificateNamingAnotherMacGetsTheAnswerOfAnUnknownDevice() throws Exception {
        double refusedBefore = refused();

        HttpResponse<String> answer = get(client("phone-b"), https, PHONE_A, null);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEmpty();
        assertThat(refused()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void withoutACertificateTheTenantsPhonesAreNotAnswered() throws Exception {
        assertThat(get(client(null), https, PHONE_A, null).statusCode()).isEqualTo(404);
        assertThat(get(client(null), http, PHONE_A, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aCertificateFromACaNobodyTrustsIsNotBelieved() throws Exception {
        double refusedBefore = refused();

        // the certificate names PHONE_A, but the TLS layer does not hand out a peer it could not verify
        assertThat(get(client("rogue"), https, PHONE_A, null).statusCode()).isEqualTo(404);
        assertThat(refused()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aTenantWithoutClientCertificatesAnswersAnyPhone() throws Exception {
        assertThat(get(client(null), https, OPEN_TENANTS_PHONE, null).statusCode()).isEqualTo(302);
        assertThat(get(client("phone-a"), https, OPEN_TENANTS_PHONE, null).statusCode()).isEqualTo(302);
    }

    @Test
    void aCertificateForwardedByTheProxyIsRead() throws Exception {
        HttpClient plain = client(null);

        assertThat(get(plain, http, PHONE_A, forwarded("phone-a")).statusCode()).isEqualTo(302);
        assertThat(get(plain, http, PHONE_A, forwarded("phone-b")).statusCode()).isEqualTo(404);
        assertThat(get(plain, http, PHONE_A, "not%20a%20certificate").statusCode()).isEqualTo(404);
        assertThat(registry.counter("telprov.redirect.client.certificates.unreadable").count()).isPositive();
    }

    /** Anyone who reaches the service past the proxy can write the header: what it carries is verified too. */
    @Test
    void aForwardedCertificateFromACaNobodyTrustsIsNotBelieved() throws Exception {
        HttpClient plain = client(null);
        double untrustedBefore = untrusted();
        double refusedBefore = refused();

        // names PHONE_A, like phone-a.crt, but no trusted CA signed it
        assertThat(get(plain, http, PHONE_A, forwarded("rogue")).statusCode()).isEqualTo(404);
        assertThat(get(plain, http, PHONE_A, forwarded("server")).statusCode()).isEqualTo(404);
        assertThat(untrusted()).isEqualTo(untrustedBefore + 2);
        assertThat(refused()).isEqualTo(refusedBefore + 2);
    }

    private double untrusted() {
        return registry.counter("telprov.redirect.client.certificates.untrusted").count();
    }

    private double refused() {
        return registry.counter("telprov.redirect.lookups", "outcome", "certificate_refused").count();
    }

    private static HttpResponse<String> get(HttpClient client, URL base, String mac, String forwardedCertificate)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/device/" + mac))
                .timeout(Duration.ofSeconds(10));
        if (forwardedCertificate != null) {
            request.header("ssl-client-cert", forwardedCertificate);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The fixture's certificate as ingress-nginx forwards it ($ssl_client_escaped_cert). */
    private static String forwarded(String name) throws IOException {
        // nginx escapes a space as %20, never as '+'
        return URLEncoder.encode(new String(fixture(name + ".crt"), StandardCharsets.US_ASCII), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** A client trusting the service's certificate and presenting the named phone's certificate, if any. */
    private static HttpClient client(String phone) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate("server.crt"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (phone != null) {
            own.setKeyEntry("phone", privateKey(phone + ".key"), new char[0],
                    new Certificate[]{certificate(phone + ".crt")});
        }
        keys.init(own, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static Certificate certificate(String name) throws Exception {
        try (InputStream in = ClientCertificateTest.class.getResourceAsStream("/tls/" + name)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(String name) throws Exception {
        String pem = new String(fixture(name), StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ClientCertificateTest.class.getResourceAsStream("/tls/" + name)) {
            return in.readAllBytes();
        }
    }
}
