package org.telprov.provisioning.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless Digest nonces: the issue time and random bytes, signed with HMAC-SHA256 over them and the device's MAC.
 * Any replica with the same key verifies any replica's nonce without shared state, and a nonce issued for one device
 * is worthless for another.
 */
public final class Nonces {

    private static final int TIME_BYTES = Long.BYTES;
    private static final int RANDOM_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int LENGTH = TIME_BYTES + RANDOM_BYTES + TAG_BYTES;

    /** What a nonce turned out to be. */
    public enum Check {
        VALID, EXPIRED, INVALID
    }

    /** A verified nonce's issue time (epoch milliseconds), for the replay store. */
    public record Verified(Check check, long issuedAt) {
    }

    private final SecretKeySpec key;
    private final Duration validity;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Nonces(byte[] key, Duration validity, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a nonce key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.validity = validity;
        this.clock = clock;
    }

    public Duration validity() {
        return validity;
    }

    /** A fresh nonce for the device (base64url, 48 characters). */
    public String issue(String mac) {
        byte[] nonce = new byte[LENGTH];
        ByteBuffer.wrap(nonce).putLong(clock.millis());
        byte[] randomPart = new byte[RANDOM_BYTES];
        random.nextBytes(randomPart);
        System.arraycopy(randomPart, 0, nonce, TIME_BYTES, RANDOM_BYTES);
        System.arraycopy(tag(nonce, mac), 0, nonce, TIME_BYTES + RANDOM_BYTES, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Whether this key issued the nonce for the device, and whether it is still within its validity. */
    public Verified verify(String nonce, String mac) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return new Verified(Check.INVALID, 0);
        }
        if (bytes.length != LENGTH || !MessageDigest.isEqual(tag(bytes, mac),
                Arrays.copyOfRange(bytes, TIME_BYTES + RANDOM_BYTES, LENGTH))) {
            return new Verified(Check.INVALID, 0);
        }
        long issuedAt = ByteBuffer.wrap(bytes).getLong();
        Instant now = clock.instant();
        Instant issued = Instant.ofEpochMilli(issuedAt);
        // a nonce from the future (clock skew between replicas beyond the validity) is as unusable as an old one
        boolean fresh = !issued.plus(validity).isBefore(now) && !issued.minus(validity).isAfter(now);
        return new Verified(fresh ? Check.VALID : Check.EXPIRED, issuedAt);
    }

    private byte[] tag(byte[] nonce, String mac) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(nonce, 0, TIME_BYTES + RANDOM_BYTES);
            hmac.update(mac.getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(hmac.doFinal(), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
