package org.telprov.support.link;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs and verifies expiring download links for devices, which carry no tokens: an HMAC-SHA256 over the resource
 * (e.g. a firmware artifact id), the device's tenant, its MAC and the expiry, with a secret the signing and serving
 * services share ({@code telprov.links.secret}). Provisioning signs the links it renders into a device's files;
 * firmware verifies them. The tenant is signed so the server can tie the resource to it: a link names whose resources
 * (a tenant's, or the platform's) the device may have, and nobody can change that without breaking the signature.
 *
 * <p>A link carries {@code tenant}, {@code mac}, {@code expires} (epoch seconds) and {@code signature} (base64url, no
 * padding) as query parameters. Not a CDI bean on purpose: each service that signs or verifies builds one from its
 * own configuration, so services without links need no secret.
 */
public final class SignedLinks {

    /** A secret shorter than this is refused: it would make the HMAC guessable. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES} bytes in UTF-8
     */
    public SignedLinks(String secret) {
        byte[] bytes = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a link secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /**
     * The signature for the resource, tenant (a tenant id or a scope such as {@code _platform}: URL-safe), MAC (12
     * lower-case hex digits) and expiry.
     */
    public String sign(String resource, String tenant, String mac, Instant expires) {
        if (!signable(resource) || !signable(tenant) || !signable(mac)) {
            throw new IllegalArgumentException(
                    "a link's resource, tenant and MAC must be non-empty and without line breaks");
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(resource, tenant, mac, expires.getEpochSecond()));
    }

    /** The query string of a signed link, without the leading {@code ?}. */
    public String query(String resource, String tenant, String mac, Instant expires) {
        return "tenant=" + tenant + "&mac=" + mac + "&expires=" + expires.getEpochSecond()
                + "&signature=" + sign(resource, tenant, mac, expires);
    }

    /**
     * True when the signature is the one this secret gives the resource, tenant, MAC and expiry, and the expiry is after
     * {@code now}. Any missing or malformed part is simply not valid. The comparison takes the same time wherever the
     * signatures differ.
     */
    public boolean verify(String resource, String tenant, String mac, String expires, String signature, Instant now) {
        if (!signable(resource) || !signable(tenant) || !signable(mac) || expires == null || signature == null) {
            return false;
        }
        long expiresAt;
        byte[] presented;
        try {
            expiresAt = Long.parseLong(expires);
            presented = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean authentic = MessageDigest.isEqual(mac(resource, tenant, mac, expiresAt), presented);
        return authentic && now.getEpochSecond() < expiresAt;
    }

    private static boolean signable(String part) {
        return part != null && !part.isEmpty() && part.indexOf('\n') < 0;
    }

    private byte[] mac(String resource, String tenant, String deviceMac, long expiresEpochSecond) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            // Newline-separated, and no part may contain one: no two inputs give the same message.
            String message = resource + "\n" + tenant + "\n" + deviceMac + "\n" + expiresEpochSecond;
            return hmac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
