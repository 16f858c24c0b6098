package org.telprov.provisioning.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nonces verify where they were issued, for their device, within their validity, and not once tampered with. */
class NoncesTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String MAC = "901b0e56c7bc";
    private static final Instant ISSUED = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration VALIDITY = Duration.ofMinutes(5);

    private static Nonces at(Instant now) {
        return new Nonces(KEY, VALIDITY, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aNonceIsValidWithinItsValidityAndExpiredAfter() {
        String nonce = at(ISSUED).issue(MAC);
        assertThat(at(ISSUED).verify(nonce, MAC)).isEqualTo(new Nonces.Verified(Nonces.Check.VALID,
                ISSUED.toEpochMilli()));
        assertThat(at(ISSUED.plus(VALIDITY)).verify(nonce, MAC).check()).isEqualTo(Nonces.Check.VALID);
        assertThat(at(ISSUED.plus(VALIDITY).plusMillis(1)).verify(nonce, MAC).check())
                .isEqualTo(Nonces.Check.EXPIRED);
        // issued by a replica whose clock runs far ahead
        assertThat(at(ISSUED.minus(VALIDITY).minusMillis(1)).verify(nonce, MAC).check())
                .isEqualTo(Nonces.Check.EXPIRED);
    }

    @Test
    void everyNonceIsNew() {
        Nonces nonces = at(ISSUED);
        assertThat(nonces.issue(MAC)).isNotEqualTo(nonces.issue(MAC)).hasSize(48);
    }

    @Test
    void aTamperedNonceIsInvalid() {
        String nonce = at(ISSUED).issue(MAC);
        byte[] bytes = Base64.getUrlDecoder().decode(nonce);
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 1;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            assertThat(at(ISSUED).verify(tampered, MAC).check()).as("byte " + i).isEqualTo(Nonces.Check.INVALID);
        }
        // an extended lifetime is a tampered time
        assertThat(at(ISSUED).verify(nonce.substring(1), MAC).check()).isEqualTo(Nonces.Check.INVALID);
        assertThat(at(ISSUED).verify(nonce + "A", MAC).check()).isEqualTo(Nonces.Check.INVALID);
        assertThat(at(ISSUED).verify("not base64 !", MAC).check()).isEqualTo(Nonces.Check.INVALID);
        assertThat(at(ISSUED).verify("", MAC).check()).isEqualTo(Nonces.Check.INVALID);
    }

    @Test
    void aNonceIsOnlyForItsDeviceAndKey() {
        String nonce = at(ISSUED).issue(MAC);
        assertThat(at(ISSUED).verify(nonce, "901b0e56c7bd").check()).isEqualTo(Nonces.Check.INVALID);
        Nonces otherKey = new Nonces("another key, as long as 32 bytes!".getBytes(StandardCharsets.UTF_8), VALIDITY,
                Clock.fixed(ISSUED, ZoneOffset.UTC));
        assertThat(otherKey.verify(nonce, MAC).check()).isEqualTo(Nonces.Check.INVALID);
        // another replica with the same key verifies it
        assertThat(new Nonces(KEY.clone(), VALIDITY, Clock.fixed(ISSUED.plusSeconds(1), ZoneOffset.UTC))
                .verify(nonce, MAC).check()).isEqualTo(Nonces.Check.VALID);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new Nonces(new byte[31], VALIDITY, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
