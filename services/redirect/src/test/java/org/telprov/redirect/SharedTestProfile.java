package org.telprov.redirect;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.telprov.testing.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One profile for the test classes that need settings the other tests must not see, so Quarkus starts the service
 * once for all of them instead of once per class. Each setting is for one class and harmless to the others:
 * <ul>
 *   <li>{@code CheckinsDuringKafkaOutageTest}: the check-in producer points at a port where no broker listens, with a
 *   small buffer and short waits (the routing consumers still read the real broker). Lookups only offer their
 *   check-in to the buffer, so the others' lookups are answered as before; none of them reads check-ins.</li>
 *   <li>{@code ClientCertificateTest}: HTTPS beside HTTP, trusting the vendor CA, asking (not requiring) a client
 *   certificate; and the proxy's certificate header. Plain HTTP stays as it is.</li>
 *   <li>{@code DeviceSamplingTest}: the device ratio at 0, so lookups start no trace.</li>
 * </ul>
 */
public class SharedTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>();
        settings.put("telprov.redirect.checkins.bootstrap-servers", "127.0.0.1:" + freePort());
        settings.put("telprov.redirect.checkins.max-block", "200ms");
        settings.put("telprov.redirect.checkins.delivery-timeout", "1s");
        settings.put("telprov.redirect.checkins.buffer-size", "4");
        settings.put("quarkus.tls.key-store.pem.0.cert", "tls/server.crt");
        settings.put("quarkus.tls.key-store.pem.0.key", "tls/server.key");
        settings.put("quarkus.tls.trust-store.pem.certs", "tls/vendor-ca.crt");
        settings.put("quarkus.http.ssl.client-auth", "request");
        settings.put("quarkus.http.insecure-requests", "enabled");
        settings.put("quarkus.http.test-ssl-port", "0");
        settings.put("telprov.redirect.client-certificate.forwarded-header", "ssl-client-cert");
        settings.put("telprov.traces.device-ratio", "0");
        return settings;
    }

    private static int freePort() {
        try {
            return KafkaBroker.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
