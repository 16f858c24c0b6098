package org.telprov.provisioning.auth;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Digest arithmetic against RFC 7616 §3.9.1, and the header syntax. */
class DigestTest {

    private static final String REALM = "http-auth@example.org";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void theRfcExampleGivesTheRfcResponseWithMd5() {
        assertThat(Digest.response(Digest.Algorithm.MD5, "Mufasa", REALM, "Circle of Life", "GET", "/dir/index.html",
                NONCE, "00000001", CNONCE)).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void theRfcExampleGivesTheRfcResponseWithSha256() {
        assertThat(Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.html", NONCE, "00000001", CNONCE))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void theResponseFromAKeptHA1IsTheResponseFromThePassword() {
        String ha1 = Digest.ha1(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life");
        assertThat(ha1).isEqualTo(Digest.Algorithm.SHA_256.hash("Mufasa:" + REALM + ":Circle of Life"));
        assertThat(Digest.response(Digest.Algorithm.SHA_256, ha1, "GET", "/dir/index.html", NONCE, "00000001", CNONCE))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(Digest.response(Digest.Algorithm.MD5, Digest.ha1(Digest.Algorithm.MD5, "Mufasa", REALM,
                "Circle of Life"), "GET", "/dir/index.html", NONCE, "00000001", CNONCE))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void anyChangeOfTheInputsChangesTheResponse() {
        String right = Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.html", NONCE, "00000001", CNONCE);
        assertThat(Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of life", "GET",
                "/dir/index.html", NONCE, "00000001", CNONCE)).isNotEqualTo(right);
        assertThat(Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.htm", NONCE, "00000001", CNONCE)).isNotEqualTo(right);
        assertThat(Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.html", NONCE, "00000002", CNONCE)).isNotEqualTo(right);
        assertThat(Digest.response(Digest.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "HEAD",
                "/dir/index.html", NONCE, "00000001", CNONCE)).isNotEqualTo(right);
    }

    @Test
    void theRfcAuthorizationHeaderParses() {
        String header = """
                Digest username="Mufasa",
                       realm="http-auth@example.org",
                       uri="/dir/index.html",
                       algorithm=SHA-256,
                       nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                       nc=00000001,
                       cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                       qop=auth,
                       response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                       opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"""";
        Map<String, String> parameters = Digest.credentials(header).orElseThrow();
        assertThat(parameters).containsEntry("username", "Mufasa").containsEntry("realm", REALM)
                .containsEntry("uri", "/dir/index.html").containsEntry("algorithm", "SHA-256")
                .containsEntry("nonce", NONCE).containsEntry("nc", "00000001").containsEntry("cnonce", CNONCE)
                .containsEntry("qop", "auth").containsEntry("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
                .containsEntry("response", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void quotedValuesKeepEscapedQuotesAndCommas() {
        assertThat(Digest.credentials("digest username=\"a\\\"b, c\",qop=auth").orElseThrow())
                .containsEntry("username", "a\"b, c").containsEntry("qop", "auth");
    }

    @Test
    void otherSchemesAndBrokenHeadersAreNoDigestCredentials() {
        assertThat(Digest.credentials(null)).isEmpty();
        assertThat(Digest.credentials("Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl")).isEmpty();
        assertThat(Digest.credentials("Digestive username=\"x\"")).isEmpty();
        assertThat(Digest.credentials("Digest username=\"unterminated")).isEmpty();
        assertThat(Digest.credentials("Digest username")).isEmpty();
        assertThat(Digest.credentials("Digest username=\"a\", username=\"b\"")).isEmpty();
    }

    @Test
    void aChallengeQuotesWhatItMust() {
        assertThat(Digest.challenge(Digest.Algorithm.SHA_256, "a \"b\"", "n", "o", true)).isEqualTo(
                "Digest realm=\"a \\\"b\\\"\", qop=\"auth\", algorithm=SHA-256, nonce=\"n\", opaque=\"o\", stale=true");
        assertThat(Digest.challenge(Digest.Algorithm.MD5, "r", "n", "o", false)).endsWith("algorithm=MD5, "
                + "nonce=\"n\", opaque=\"o\", stale=false");
    }

    @Test
    void aHeaderWithoutAlgorithmMeansMd5() {
        assertThat(Digest.Algorithm.of(null)).contains(Digest.Algorithm.MD5);
        assertThat(Digest.Algorithm.of("sha-256")).contains(Digest.Algorithm.SHA_256);
        assertThat(Digest.Algorithm.of("SHA-512-256")).isEmpty();
        assertThat(Digest.Algorithm.of("MD5-sess")).isEmpty();
    }

    @Test
    void comparisonIsExact() {
        assertThat(Digest.same("abc", "abc")).isTrue();
        assertThat(Digest.same("abc", "abd")).isFalse();
        assertThat(Digest.same("abc", "ab")).isFalse();
        assertThat(Digest.same("abc", null)).isFalse();
    }
}
