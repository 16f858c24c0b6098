package org.telprov.provisioning.profile;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.support.problem.ProblemException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals the secret parameters of profiles with AES-256-GCM (random 96-bit nonce per value), so the database and its
 * backups never hold them in clear; only the device files that need them open them again.
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @throws IllegalStateException when a key is configured but is not 32 bytes in base64: a typo must not start
     *                               a service that would seal with the wrong key
     */
    public SecretBox(ProvisioningConfig config) {
        this.key = config.secretsKey().map(SecretBox::key);
        if (key.isEmpty()) {
            Log.warn("telprov.provisioning.secrets-key is not set: profiles with secret parameters are refused");
        }
    }

    private static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("telprov.provisioning.secrets-key is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("telprov.provisioning.secrets-key must be 32 bytes (AES-256), base64-encoded");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * @throws ProblemException 503 {@code secrets_unavailable} when no key is configured
     */
    public String seal(String plain) {
        SecretKeySpec key = this.key.orElseThrow(() -> new ProblemException(503, "secrets_unavailable",
                "Service unavailable", "secret parameters cannot be stored: this deployment sets no secrets key"));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    /**
     * @throws IllegalStateException when the value was not sealed with this key (e.g. after a key change)
     */
    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX) || key.isEmpty()) {
            throw new IllegalStateException("not a sealed value, or no key to open it");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed value could not be opened with the configured key", e);
        }
    }
}
