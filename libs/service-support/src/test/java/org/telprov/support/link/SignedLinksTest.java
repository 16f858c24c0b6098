package org.telprov.support.link;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedLinksTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final SignedLinks links = new SignedLinks("0123456789abcdef0123456789abcdef");

    @Test
    void aSignatureHoldsForItsResourceTenantMacAndExpiryOnlyUntilItExpires() {
        Instant expires = NOW.plusSeconds(60);
        String signature = links.sign("artifact-1", "acme", "901b0e56c7bc", expires);
        String at = String.valueOf(expires.getEpochSecond());

        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", at, signature, NOW)).isTrue();
        assertThat(links.verify("artifact-1", "globex", "901b0e56c7bc", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "_platform", "901b0e56c7bc", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", null, "901b0e56c7bc", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1\nacme", "901b0e56c7bc", "x", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", at, signature, expires)).isFalse();
        assertThat(links.verify("artifact-2", "acme", "901b0e56c7bc", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bd", at, signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", at + "0", signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", at, signature + "A", NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", "soon", signature, NOW)).isFalse();
        assertThat(links.verify("artifact-1", "acme", "901b0e56c7bc", at, "%%%", NOW)).isFalse();
        assertThat(links.verify("artifact-1\n901b0e56c7bc", "acme", "x", at, signature, NOW)).isFalse();
        assertThat(new SignedLinks("another-secret-0123456789abcdef-xyz")
                .verify("artifact-1", "acme", "901b0e56c7bc", at, signature, NOW)).isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new SignedLinks("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
